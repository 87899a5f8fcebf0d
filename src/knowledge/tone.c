/* tone.c — GDELT's tone figures from a word-polarity lexicon (dict/tone)
 * (knowledge.h). Not written yet: the layer stays empty. */
#include "knowledge/knowledge.h"

int kn_tone_load(struct kn_lexicon **out, const char *dict_dir, casus_error *err)
{
    (void)dict_dir;
    (void)err;
    *out = NULL;
    return 0;
}

void kn_tone_free(struct kn_lexicon *l)
{
    (void)l;
}

int kn_tone(struct casus_doc *d)
{
    (void)d;
    return 0;
}

/* themes.c — the theme taxonomy (dict/themes) matched by lemma phrases
 * (knowledge.h). Not written yet: the layer stays empty. */
#include "knowledge/knowledge.h"

int kn_themes_load(struct kn_themes **out, const char *dict_dir, casus_error *err)
{
    (void)dict_dir;
    (void)err;
    *out = NULL;
    return 0;
}

void kn_themes_free(struct kn_themes *t)
{
    (void)t;
}

size_t kn_themes_count(const struct kn_themes *t)
{
    (void)t;
    return 0;
}

int kn_themes(struct casus_doc *d)
{
    (void)d;
    return 0;
}

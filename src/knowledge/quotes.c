/* quotes.c — direct quotations and their speakers (knowledge.h). Not
 * written yet: the layer stays empty. */
#include "knowledge/knowledge.h"

int kn_quotes(struct casus_doc *d)
{
    (void)d;
    return 0;
}

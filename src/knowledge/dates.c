/* dates.c — date expressions resolved against the article date
 * (knowledge.h). Not written yet: the layer stays empty. */
#include "knowledge/knowledge.h"

int kn_dates(struct casus_doc *d)
{
    (void)d;
    return 0;
}

/*
 * explain.c — what `casus explain` asks of the event layer beyond the
 * events themselves: CAMEO code names, where a pattern was written, and
 * the triggers that coded nothing, with the coder's reason.
 *
 * The reasons come from the coder's trace hook (coder.h,
 * event_process_trace): the document is coded a second time with the hook
 * set, rather than every run paying for bookkeeping only explain reads.
 * Coding is a pure function of the document's layers, so the second run
 * writes the same events.
 */
#include <string.h>

#include "core/doc.h"
#include "event/cameo.h"
#include "event/coder.h"
#include "event/pattern.h"
#include "util/error.h"

const char *casus_event_name(const casus_pipeline *p, const char *code)
{
    if (!p || !p->cameo || !code)
        return NULL;
    const cameo_code *c = cameo_lookup(p->cameo, code);
    return c ? c->name : NULL;
}

int casus_event_rule(const casus_pipeline *p, const char *rule, const char **file, uint32_t *line)
{
    const pattern *x = p && p->patterns && rule ? pattern_by_id(p->patterns, rule) : NULL;
    if (!x)
        return CASUS_ENOENT;
    *file = x->file;
    *line = x->line;
    return 0;
}

typedef struct skip_ctx {
    casus_event_skip_fn fn;
    void *ctx;
} skip_ctx;

static void on_trace(void *arg, uint32_t sentence, int32_t word, const char *rule,
                     const char *reason)
{
    const skip_ctx *k = arg;
    casus_event_skip s = {.sentence = sentence, .word = word, .rule = rule, .reason = reason};
    k->fn(k->ctx, &s);
}

int casus_doc_trace_events(casus_doc *d, casus_event_skip_fn skip, void *ctx, casus_error *err)
{
    if (!d || !skip || !d->events || !d->pipeline->patterns)
        return error_set(err, CASUS_EINVAL, "%s: explain: the document has no event layer",
                         d && d->article ? d->article->id : "?");
    skip_ctx k = {skip, ctx};
    return event_process_trace(d, on_trace, &k, err);
}

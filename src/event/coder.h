/*
 * coder.h — the event stage: CAMEO events from the dependency trees, the
 * entity layer and the event patterns (dict/events).
 */
#ifndef CASUS_EVENT_CODER_H
#define CASUS_EVENT_CODER_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"

struct casus_pipeline;
struct casus_doc;

/* Loads dict/cameo/event_codes.txt and dict/events/ from dict_dir into p.
 * Returns 0 or an error naming the file. */
int event_stage_load(struct casus_pipeline *p, const char *dict_dir, casus_error *err);
void event_stage_unload(struct casus_pipeline *p);

/* Codes every sentence of d into d->events (after the entity stage). */
int event_process(struct casus_doc *d, casus_error *err);

/* ------------------------------------------------------------ trace hook (casus explain) */

/* Called for each trigger that codes nothing: its sentence, word (-1: the
 * whole sentence), the pattern concerned (NULL: none) and the reason.
 * Strings are valid during the call only. */
typedef void (*event_trace_fn)(void *ctx, uint32_t sentence, int32_t word, const char *rule,
                               const char *reason);

/* event_process, reporting to trace (NULL: exactly event_process, at no
 * cost). */
int event_process_trace(struct casus_doc *d, event_trace_fn trace, void *ctx, casus_error *err);

/* ------------------------------------------------------------ dates (when.c) */

typedef enum when_res { WHEN_NONE = 0, WHEN_YEAR, WHEN_MONTH, WHEN_DAY } when_res;

/* A calendar date; month and day are 0 when the resolution leaves them out. */
typedef struct when_date {
    int year, month, day;
    when_res res;
} when_date;

/* The yyyymmdd date of an article, or year 0 when it has none. */
when_date when_article(const char *date);

/*
 * The date a time expression headed by word w names, relative to the
 * article date: weekdays (the latest such day on or before the article),
 * "yesterday", "today", "tonight", month names (the latest such month on
 * or before the article's; with a day number "June 12"), years ("2017",
 * "last year", "this year", "next year"), "last week/month". words/syn are
 * the document's layers; children lists give w's dependents. Returns
 * WHEN_NONE in res when w is no date expression.
 */
when_date when_resolve(const casus_word *words, const casus_word_syntax *syn,
                       const int32_t *first_child, const int32_t *next_sib, size_t w,
                       when_date article);

/* when_resolve for an act the text puts ahead (ahead 1: "will meet on
 * Friday", "plans to visit in March"): a weekday or month without a year is
 * the first such one on or after the article's date. ahead 0 is
 * when_resolve. */
when_date when_resolve_dir(const casus_word *words, const casus_word_syntax *syn,
                           const int32_t *first_child, const int32_t *next_sib, size_t w,
                           when_date article, int ahead);

/* A day-resolution date moved by days (others unchanged). */
when_date when_shift(when_date d, int days);

/* Writes d as "YYYY-MM-DD" (the first day or month for coarser dates). */
void when_format(when_date d, char out[11]);

/* Calendar helpers shared with the knowledge layer's date extractor
 * (src/knowledge/dates.c). */

/* 1..12 for a month name or its abbreviation ("Sep", "Sept.", any case),
 * else 0. */
int when_month_name(const char *s);
/* 0 (Sunday) .. 6 for a weekday name (any case), else -1. */
int when_weekday_name(const char *s);
/* Days in month m (1..12) of year y. */
int when_days_in_month(int y, int m);
/* Days since 1970-01-01 of a valid date, and back (day resolution). */
long when_to_days(int y, int m, int d);
when_date when_from_days(long days);

#endif

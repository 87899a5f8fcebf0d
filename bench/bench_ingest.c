/*
 * bench_ingest.c — speed and size of the event database (issue 7):
 *
 *   bench_ingest [--max-articles N] [--casus PATH] [--jobs "1 2"] [--keep DIR] FILE
 *
 * Pass 1, the writer alone: the first N articles (default 2000) of FILE
 * (the news benchmark's form-feed format, or anything the readers take)
 * are coded and flattened into store records, untimed; then the records
 * are stored into a fresh database and only that is timed: the work the
 * one SQLite thread of `casus ingest` does per article, which bounds how
 * far -j can scale. The database's size per 1,000 articles follows (after
 * the WAL is checkpointed into it).
 *
 * Pass 2, end to end: the same N articles are written to a slice file and
 * `casus ingest -q -j J --db ...` runs on it as a child process for each J
 * (default 1 and 2), each into a fresh database; wall time, the child's CPU
 * time and articles/s per run, and the speed-up over the first J.
 *
 * Wall and CPU time are both printed, with the load average: the project
 * machine's two cores are shared, so a -j 2 figure means something only
 * when the load average is well under 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "casus.h"
#include "store/store.h"
#include "bench_util.h"

static void remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) ? -1 : (long long)sb.st_size;
}

/* Copies the first n form-feed-separated records of in to out; returns how
 * many it copied. */
static size_t write_slice(const char *in, const char *out, size_t n)
{
    FILE *f = fopen(in, "rb"), *g = fopen(out, "wb");
    if (!f || !g) {
        if (f)
            fclose(f);
        if (g)
            fclose(g);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0, k = 1;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (!strcmp(line, "\f\n") && ++k > n)
            break;
        fwrite(line, 1, (size_t)len, g);
    }
    free(line);
    fclose(f);
    fclose(g);
    return k > n ? n : k;
}

typedef struct rec {
    char *data;
    size_t len;
} rec;

int main(int argc, char **argv)
{
    size_t max = 2000;
    const char *casus = "build/casus", *jobs = "1 2", *keep = NULL;
    int first = 1;
    while (first + 1 < argc && argv[first][0] == '-' && argv[first][1] == '-') {
        if (!strcmp(argv[first], "--max-articles"))
            max = (size_t)strtoull(argv[first + 1], NULL, 10);
        else if (!strcmp(argv[first], "--casus"))
            casus = argv[first + 1];
        else if (!strcmp(argv[first], "--jobs"))
            jobs = argv[first + 1];
        else if (!strcmp(argv[first], "--keep"))
            keep = argv[first + 1];
        else
            break;
        first += 2;
    }
    if (first + 1 != argc || !max) {
        fprintf(stderr, "usage: bench_ingest [--max-articles N] [--casus PATH] [--jobs \"1 2\"] "
                        "[--keep DIR] FILE\n");
        return 2;
    }
    const char *input = argv[first];
    char dir[256];
    if (keep) {
        snprintf(dir, sizeof dir, "%s", keep);
    } else {
        snprintf(dir, sizeof dir, "/tmp/bench_ingest_XXXXXX");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            return 1;
        }
    }
    bench_print_load("start");

    /* ---- pass 1: code and encode (untimed), then store (timed) */
    casus_pipeline *p = NULL;
    casus_error err = {0};
    if (casus_pipeline_new(&p, NULL, &err)) {
        fprintf(stderr, "bench_ingest: %s\n", err.msg);
        return 1;
    }
    casus_reader *rd = NULL;
    const char *paths[] = {input};
    if (casus_reader_open(&rd, paths, 1, NULL, &err)) {
        fprintf(stderr, "bench_ingest: %s\n", err.msg);
        return 1;
    }
    rec *recs = calloc(max, sizeof *recs);
    size_t n = 0, text_bytes = 0;
    double t0 = bench_wall(), c0 = bench_cpu();
    while (n < max) {
        casus_article *a = NULL;
        int rc = casus_reader_next(rd, &a, &err);
        if (rc == 0)
            break;
        if (rc < 0)
            continue;
        casus_doc *d = NULL;
        if (!casus_doc_process(p, a, &d, &err)) {
            FILE *f = open_memstream(&recs[n].data, &recs[n].len);
            if (f && !store_record_encode(d, f)) {
                fclose(f);
                text_bytes += a->text_len;
                n++;
            } else if (f) {
                fclose(f);
                free(recs[n].data);
            }
        }
        casus_doc_free(d);
        casus_article_free(a);
    }
    double t_code = bench_wall() - t0, c_code = bench_cpu() - c0;
    casus_reader_free(rd);
    casus_pipeline_free(p);
    printf("coded and encoded %zu articles (%.1f MB of text): %.2f s wall, %.2f s CPU "
           "(%.0f articles/s CPU, pipeline + record)\n",
           n, text_bytes / 1e6, t_code, c_code, n / c_code);

    char db[512];
    snprintf(db, sizeof db, "%s/store.db", dir);
    remove_db(db);
    store *s = NULL;
    if (store_open(&s, db, NULL, &err)) {
        fprintf(stderr, "bench_ingest: %s\n", err.msg);
        return 1;
    }
    t0 = bench_wall();
    c0 = bench_cpu();
    for (size_t i = 0; i < n; i++)
        if (store_put_record(s, recs[i].data, recs[i].len, NULL, &err)) {
            fprintf(stderr, "bench_ingest: %s\n", err.msg);
            return 1;
        }
    if (store_flush(s, &err)) {
        fprintf(stderr, "bench_ingest: %s\n", err.msg);
        return 1;
    }
    double t_store = bench_wall() - t0, c_store = bench_cpu() - c0;
    store_stats st;
    store_get_stats(s, &st);
    store_close(s, NULL); /* checkpoints the WAL into the file */
    long long size = file_size(db);
    printf("writer alone: %zu articles stored (%zu duplicates), %zu event mentions, %zu events,"
           " %zu commits\n",
           st.n_added, st.n_duplicates, st.n_event_mentions, st.n_events_new, st.n_commits);
    printf("writer alone: %.3f s wall, %.3f s CPU: %.0f articles/s wall, %.0f articles/s CPU; "
           "%.1f%% of the pipeline's CPU time\n",
           t_store, c_store, n / t_store, n / c_store, 100 * c_store / c_code);
    printf("database: %.2f MB for %zu articles = %.2f MB per 1,000 articles\n", size / 1e6,
           st.n_added, st.n_added ? size / 1e6 * 1000 / (double)st.n_added : 0.0);
    for (size_t i = 0; i < n; i++)
        free(recs[i].data);
    free(recs);

    /* ---- pass 2: casus ingest end to end, per -j */
    char slice[512];
    snprintf(slice, sizeof slice, "%s/slice.txt", dir);
    size_t n_slice = write_slice(input, slice, max);
    printf("slice: %zu records, %.1f MB\n", n_slice, file_size(slice) / 1e6);
    double base = 0;
    for (const char *j = jobs; *j;) {
        while (*j == ' ')
            j++;
        if (!*j)
            break;
        char num[16];
        size_t k = strspn(j, "0123456789");
        if (!k || k >= sizeof num)
            break;
        memcpy(num, j, k);
        num[k] = 0;
        j += k;
        snprintf(db, sizeof db, "%s/ingest-j%s.db", dir, num);
        remove_db(db);
        struct rusage before, after;
        getrusage(RUSAGE_CHILDREN, &before);
        t0 = bench_wall();
        pid_t pid = fork();
        if (pid == 0) {
            execl(casus, casus, "ingest", "-q", "-j", num, "--db", db, slice, (char *)NULL);
            fprintf(stderr, "bench_ingest: cannot run %s: %s\n", casus, strerror(errno));
            _exit(127);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        double t = bench_wall() - t0;
        getrusage(RUSAGE_CHILDREN, &after);
        double c = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
                   (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) * 1e-6 +
                   (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
                   (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) * 1e-6;
        if (!WIFEXITED(status) || WEXITSTATUS(status)) {
            fprintf(stderr, "bench_ingest: casus ingest -j %s failed (status %d)\n", num, status);
            return 1;
        }
        double rate = (double)n_slice / t;
        if (!base)
            base = rate;
        printf("casus ingest -j %s: %.2f s wall, %.2f s CPU: %.0f articles/s wall "
               "(%.0f per CPU second), x%.2f; %.2f MB\n",
               num, t, c, rate, n_slice / c, rate / base, file_size(db) / 1e6);
    }
    bench_print_load("end");
    if (!keep) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd))
            fprintf(stderr, "bench_ingest: could not remove %s\n", dir);
    }
    return 0;
}

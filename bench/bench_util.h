/*
 * bench_util.h — clocks and the machine's load, shared by the bench
 * programs (each is one .c file linked against libcasus).
 */
#ifndef CASUS_BENCH_UTIL_H
#define CASUS_BENCH_UTIL_H

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Monotonic wall-clock seconds. */
static inline double bench_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of this process (all threads). */
static inline double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Prints the load average, so that a figure can be read against it. */
static inline void bench_print_load(const char *when)
{
    FILE *f = fopen("/proc/loadavg", "r");
    char line[128] = "";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        fclose(f);
    }
    line[strcspn(line, "\n")] = 0;
    printf("load average (%s): %s\n", when, line[0] ? line : "unknown");
}

#endif

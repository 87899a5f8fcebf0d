/*
 * error.h — filling a casus_error with a code and a formatted message.
 */
#ifndef CASUS_UTIL_ERROR_H
#define CASUS_UTIL_ERROR_H

#include "casus.h"

/* Sets err (if non-NULL) and returns code, so callers can write
 * `return error_set(err, CASUS_EFORMAT, "%s:%ld: bad JSON", file, line);` */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
int error_set(casus_error *err, int code, const char *fmt, ...);

#endif

/*
 * error.c — the one error convention: negative codes, a name for each,
 * and an optional message with context.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

const char *casus_strerror(int code)
{
    switch (code) {
    case CASUS_OK: return "success";
    case CASUS_ENOMEM: return "out of memory";
    case CASUS_EIO: return "input/output error";
    case CASUS_EINVAL: return "invalid argument";
    case CASUS_ETOOBIG: return "too big";
    case CASUS_EFORMAT: return "malformed input";
    case CASUS_EEMPTY: return "empty record";
    case CASUS_ENOENT: return "no such file or directory";
    case CASUS_EVERSION: return "unsupported version";
    case CASUS_ECORRUPT: return "corrupt data";
    case CASUS_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

int error_set(casus_error *err, int code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

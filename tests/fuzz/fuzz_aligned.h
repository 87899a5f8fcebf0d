/*
 * fuzz_aligned.h — shared by the model fuzz targets: the loaders expect a
 * 64-byte aligned buffer, as mmap gives, so each input is copied into one.
 */
#ifndef CASUS_FUZZ_ALIGNED_H
#define CASUS_FUZZ_ALIGNED_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A 64-byte aligned copy of data (free() it), or NULL when out of memory. */
static unsigned char *fuzz_aligned_copy(const uint8_t *data, size_t size)
{
    void *copy = NULL;
    if (posix_memalign(&copy, 64, size ? size : 1))
        return NULL;
    if (size)
        memcpy(copy, data, size);
    return copy;
}

#endif

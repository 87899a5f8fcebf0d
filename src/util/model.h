/*
 * model.h — the binary model container: a little-endian header, a section
 * table and 64-byte-aligned sections, memory-mapped at load. The layout is
 * documented in models/FORMAT.md and here:
 *
 *   off  size  field
 *     0     8  magic "CASUSMDL"
 *     8     4  format version (MODEL_VERSION)
 *    12     4  endianness probe 0x01020304 as written by a little-endian host
 *    16     4  number of sections (at most MODEL_MAX_SECTIONS)
 *    20     4  flags (0)
 *    24     8  file size in bytes
 *    32     4  CRC-32 (zlib) of the whole file with these 4 bytes read as 0
 *    36     4  reserved (0)
 *    40    24  kind, NUL-padded ("tagger", "parser", ...)
 *    64  32*n  section table: name[16] NUL-padded, u64 offset, u64 size
 *     …        sections, each at an offset that is a multiple of 64
 *
 * Every count and offset is checked against the file size, and the checksum
 * against the contents, before a byte of a section is trusted.
 */
#ifndef CASUS_UTIL_MODEL_H
#define CASUS_UTIL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "casus.h"

#define MODEL_MAGIC "CASUSMDL"
#define MODEL_VERSION 1
#define MODEL_MAX_SECTIONS 256
#define MODEL_HEADER_SIZE 64
#define MODEL_ALIGN 64

typedef struct model_section {
    char name[17];
    const void *data; /* borrowed from the mapping */
    uint64_t size;
} model_section;

typedef struct model_file {
    void *map;
    size_t map_size;
    char kind[25];
    uint32_t n_sections;
    model_section *sections;
} model_file;

/* Maps and checks path. kind, if non-NULL, must match the file's kind.
 * Caller releases with model_close. Errors: CASUS_ENOENT, CASUS_EIO,
 * CASUS_EFORMAT (not a model / wrong kind), CASUS_EVERSION,
 * CASUS_ECORRUPT (bad size, table, offsets or checksum). */
int model_open(model_file *m, const char *path, const char *kind, casus_error *err);
/* The same checks on a buffer the caller keeps alive (the fuzz target and
 * tests use it); the model borrows buf. */
int model_open_buffer(model_file *m, const void *buf, size_t size, const char *kind,
                      casus_error *err);
void model_close(model_file *m);

/* The section called name, or NULL. Borrowed from m. */
const model_section *model_find(const model_file *m, const char *name);

/* ---- writing (trainers) ---- */

typedef struct model_writer {
    char kind[25];
    uint32_t n;
    struct {
        char name[17];
        void *data; /* owned copy */
        uint64_t size;
    } sec[MODEL_MAX_SECTIONS];
} model_writer;

void model_writer_init(model_writer *w, const char *kind);
/* Copies data. Returns 0, CASUS_EINVAL (bad name, too many) or CASUS_ENOMEM. */
int model_writer_add(model_writer *w, const char *name, const void *data, uint64_t size);
/* Writes the file (atomically: a temporary file renamed into place). */
int model_writer_save(model_writer *w, const char *path, casus_error *err);
void model_writer_finish(model_writer *w);

#endif

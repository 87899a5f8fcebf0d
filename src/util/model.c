/*
 * model.c — reading and writing the binary model container (model.h).
 *
 * Loading maps the file read-only and shares the pages between worker
 * threads and processes; nothing is copied. The checks follow GGUF and
 * Lua's undump: signature, version and endianness first, then every size
 * and offset against the file size (with overflow checks), then a CRC over
 * the whole file, and only then are sections handed out.
 */
#include "util/model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "util/error.h"

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void wr64(unsigned char *p, uint64_t v)
{
    wr32(p, (uint32_t)v);
    wr32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t file_crc(const unsigned char *p, size_t n)
{
    static const unsigned char zero[4] = {0};
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, p, 32);
    c = crc32(c, zero, 4);
    /* zlib's crc32 takes a uInt length: feed large files in pieces. */
    for (size_t off = 36; off < n;) {
        size_t k = n - off > (1u << 30) ? (1u << 30) : n - off;
        c = crc32(c, p + off, (uInt)k);
        off += k;
    }
    return (uint32_t)c;
}

int model_open_buffer(model_file *m, const void *buf, size_t size, const char *kind,
                      casus_error *err)
{
    const unsigned char *p = buf;
    memset(m, 0, sizeof *m);
    if (size < MODEL_HEADER_SIZE || memcmp(p, MODEL_MAGIC, 8))
        return error_set(err, CASUS_EFORMAT, "not a casus model (bad signature)");
    uint32_t version = rd32(p + 8);
    if (version != MODEL_VERSION)
        return error_set(err, CASUS_EVERSION, "model format version %u, this casus reads %u",
                         version, MODEL_VERSION);
    if (rd32(p + 12) != 0x01020304u)
        return error_set(err, CASUS_EFORMAT, "model written with another byte order");
    uint32_t n = rd32(p + 16);
    uint64_t fsize = rd64(p + 24);
    if (fsize != size)
        return error_set(err, CASUS_ECORRUPT, "model says %llu bytes, file has %zu (truncated?)",
                         (unsigned long long)fsize, size);
    if (n > MODEL_MAX_SECTIONS || MODEL_HEADER_SIZE + (uint64_t)n * 32 > size)
        return error_set(err, CASUS_ECORRUPT, "model section table out of bounds");
    if (file_crc(p, size) != rd32(p + 32))
        return error_set(err, CASUS_ECORRUPT, "model checksum mismatch");
    memcpy(m->kind, p + 40, 24);
    m->kind[24] = '\0';
    if (kind && strcmp(kind, m->kind))
        return error_set(err, CASUS_EFORMAT, "model is a '%s' model, not a '%s' model", m->kind,
                         kind);
    m->sections = calloc(n ? n : 1, sizeof *m->sections);
    if (!m->sections)
        return error_set(err, CASUS_ENOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        const unsigned char *e = p + MODEL_HEADER_SIZE + (size_t)i * 32;
        model_section *s = &m->sections[i];
        memcpy(s->name, e, 16);
        s->name[16] = '\0';
        uint64_t off = rd64(e + 16), sz = rd64(e + 24);
        if (off % MODEL_ALIGN || off > size || sz > size - off) {
            char name[17];
            memcpy(name, s->name, sizeof name);
            free(m->sections);
            m->sections = NULL;
            return error_set(err, CASUS_ECORRUPT, "model section '%s' out of bounds", name);
        }
        s->data = p + off;
        s->size = sz;
    }
    m->n_sections = n;
    return 0;
}

int model_open(model_file *m, const char *path, const char *kind, casus_error *err)
{
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return error_set(err, errno == ENOENT ? CASUS_ENOENT : CASUS_EIO, "%s: %s", path,
                         strerror(errno));
    struct stat st;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
        close(fd);
        return error_set(err, CASUS_EIO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size < MODEL_HEADER_SIZE) {
        close(fd);
        return error_set(err, CASUS_EFORMAT, "%s: not a casus model (too short)", path);
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return error_set(err, CASUS_EIO, "%s: mmap: %s", path, strerror(errno));
    casus_error e2 = {0};
    int rc = model_open_buffer(m, map, size, kind, &e2);
    if (rc) {
        munmap(map, size);
        return error_set(err, rc, "%s: %s", path, e2.msg);
    }
    m->map = map;
    m->map_size = size;
    return 0;
}

void model_close(model_file *m)
{
    if (!m)
        return;
    free(m->sections);
    if (m->map)
        munmap(m->map, m->map_size);
    memset(m, 0, sizeof *m);
}

const model_section *model_find(const model_file *m, const char *name)
{
    for (uint32_t i = 0; i < m->n_sections; i++)
        if (!strcmp(m->sections[i].name, name))
            return &m->sections[i];
    return NULL;
}

void model_writer_init(model_writer *w, const char *kind)
{
    memset(w, 0, sizeof *w);
    snprintf(w->kind, sizeof w->kind, "%s", kind);
}

int model_writer_add(model_writer *w, const char *name, const void *data, uint64_t size)
{
    if (w->n >= MODEL_MAX_SECTIONS || !name[0] || strlen(name) > 16 || size > SIZE_MAX)
        return CASUS_EINVAL;
    void *copy = malloc(size ? (size_t)size : 1);
    if (!copy)
        return CASUS_ENOMEM;
    if (size)
        memcpy(copy, data, (size_t)size);
    snprintf(w->sec[w->n].name, sizeof w->sec[w->n].name, "%s", name);
    w->sec[w->n].data = copy;
    w->sec[w->n].size = size;
    w->n++;
    return 0;
}

int model_writer_save(model_writer *w, const char *path, casus_error *err)
{
    uint64_t off = MODEL_HEADER_SIZE + (uint64_t)w->n * 32;
    uint64_t offs[MODEL_MAX_SECTIONS];
    for (uint32_t i = 0; i < w->n; i++) {
        off = (off + MODEL_ALIGN - 1) / MODEL_ALIGN * MODEL_ALIGN;
        offs[i] = off;
        off += w->sec[i].size;
    }
    uint64_t total = off;
    if (total > SIZE_MAX)
        return error_set(err, CASUS_ETOOBIG, "%s: model too big", path);
    unsigned char *img = calloc(1, (size_t)total);
    if (!img)
        return error_set(err, CASUS_ENOMEM, "%s: out of memory", path);
    memcpy(img, MODEL_MAGIC, 8);
    wr32(img + 8, MODEL_VERSION);
    wr32(img + 12, 0x01020304u);
    wr32(img + 16, w->n);
    wr64(img + 24, total);
    memcpy(img + 40, w->kind, strlen(w->kind));
    for (uint32_t i = 0; i < w->n; i++) {
        unsigned char *e = img + MODEL_HEADER_SIZE + (size_t)i * 32;
        memcpy(e, w->sec[i].name, strlen(w->sec[i].name));
        wr64(e + 16, offs[i]);
        wr64(e + 24, w->sec[i].size);
        if (w->sec[i].size)
            memcpy(img + offs[i], w->sec[i].data, (size_t)w->sec[i].size);
    }
    wr32(img + 32, file_crc(img, (size_t)total));

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int rc = 0;
    if (!f) {
        rc = error_set(err, CASUS_EIO, "%s: %s", tmp, strerror(errno));
    } else {
        if (fwrite(img, 1, (size_t)total, f) != total)
            rc = error_set(err, CASUS_EIO, "%s: write failed", tmp);
        if (fclose(f) && !rc)
            rc = error_set(err, CASUS_EIO, "%s: %s", tmp, strerror(errno));
        if (!rc && rename(tmp, path))
            rc = error_set(err, CASUS_EIO, "%s: %s", path, strerror(errno));
        if (rc)
            remove(tmp);
    }
    free(img);
    return rc;
}

void model_writer_finish(model_writer *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->n; i++)
        free(w->sec[i].data);
    w->n = 0;
}

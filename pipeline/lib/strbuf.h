/* strbuf.h: a growable byte buffer, always NUL-terminated (like git's strbuf).
 *
 * The bytes may contain NULs; len is authoritative. An initialized empty strbuf points
 * at a shared empty string and allocates nothing, so FM_STRBUF_INIT needs no release
 * until something is added.
 */
#ifndef FM_STRBUF_H
#define FM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct fm_strbuf {
    char *buf;
    size_t len;
    size_t cap; /* 0 while buf is the shared empty string */
} fm_strbuf;

extern char fm_strbuf_empty[1];
#define FM_STRBUF_INIT { fm_strbuf_empty, 0, 0 }

void fm_strbuf_init(fm_strbuf *sb);
void fm_strbuf_release(fm_strbuf *sb);
void fm_strbuf_grow(fm_strbuf *sb, size_t extra);     /* room for extra more bytes */
void fm_strbuf_reset(fm_strbuf *sb);                  /* len = 0, keeps memory */
void fm_strbuf_setlen(fm_strbuf *sb, size_t len);     /* len <= current len + room */
char *fm_strbuf_detach(fm_strbuf *sb, size_t *len);   /* caller frees; sb is reset */

void fm_strbuf_add(fm_strbuf *sb, const void *data, size_t n);
void fm_strbuf_addstr(fm_strbuf *sb, const char *s);
void fm_strbuf_addch(fm_strbuf *sb, char c);
void fm_strbuf_addf(fm_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fm_strbuf_vaddf(fm_strbuf *sb, const char *fmt, va_list ap);

/* Remove trailing U+0020 spaces only (FLAN's rstrip of few-shot prompts). */
void fm_strbuf_rtrim_spaces(fm_strbuf *sb);
/* Remove leading and trailing ASCII whitespace (" \t\n\r\v\f", as tf.strings.strip). */
void fm_strbuf_trim_ascii(fm_strbuf *sb);

#endif

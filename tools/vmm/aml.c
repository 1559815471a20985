// SPDX-License-Identifier: GPL-2.0-only
/*
 * AML encoding helpers (ACPI 6.x, chapter 20).  A package is written as
 * aml_open() ... aml_close(): the body is emitted first, then moved up to
 * make room for its PkgLength, whose size depends on the body's length.
 */
#include <string.h>

#include "vm.h"
#include "aml.h"

void aml_bytes(struct aml *a, const void *p, size_t n)
{
	if (n > sizeof(a->buf) - a->len)
		die("AML buffer overflow");
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

void aml_byte(struct aml *a, u8 b)
{
	aml_bytes(a, &b, 1);
}

size_t aml_open(struct aml *a)
{
	return a->len;
}

void aml_close(struct aml *a, size_t start)
{
	size_t body = a->len - start, total;
	u8 pkg[3];
	int n;

	/* PkgLength counts itself. */
	if (body + 1 < 0x40) {
		total = body + 1;
		pkg[0] = total;
		n = 1;
	} else if (body + 2 < 0x1000) {
		total = body + 2;
		pkg[0] = 0x40 | (total & 0xf);
		pkg[1] = total >> 4;
		n = 2;
	} else {
		total = body + 3;
		pkg[0] = 0x80 | (total & 0xf);
		pkg[1] = total >> 4;
		pkg[2] = total >> 12;
		n = 3;
	}
	if ((size_t)n > sizeof(a->buf) - a->len)
		die("AML buffer overflow");
	memmove(a->buf + start + n, a->buf + start, body);
	memcpy(a->buf + start, pkg, n);
	a->len += n;
}

/* "\\_SB_" or "VMBS": one root prefix at most and 4-character segments. */
void aml_name_string(struct aml *a, const char *name)
{
	if (*name == '\\')
		aml_byte(a, *name++);
	if (strlen(name) != 4)
		die("AML name '%s' must be one 4-character segment", name);
	aml_bytes(a, name, 4);
}

void aml_integer(struct aml *a, u64 v)
{
	if (v == 0) {
		aml_byte(a, 0x00);		/* ZeroOp */
	} else if (v == 1) {
		aml_byte(a, 0x01);		/* OneOp */
	} else if (v <= 0xff) {
		aml_byte(a, 0x0a);		/* BytePrefix */
		aml_byte(a, v);
	} else if (v <= 0xffff) {
		aml_byte(a, 0x0b);		/* WordPrefix */
		aml_bytes(a, &v, 2);
	} else if (v <= 0xffffffff) {
		aml_byte(a, 0x0c);		/* DWordPrefix */
		aml_bytes(a, &v, 4);
	} else {
		aml_byte(a, 0x0e);		/* QWordPrefix */
		aml_bytes(a, &v, 8);
	}
}

/* SPDX-License-Identifier: GPL-2.0-only */
/* A tiny AML encoder: just enough for hvvmm's DSDT. */
#ifndef HVVMM_AML_H
#define HVVMM_AML_H

#include <stddef.h>
#include <stdint.h>

struct aml {
	uint8_t buf[1024];
	size_t len;
};

void aml_bytes(struct aml *a, const void *p, size_t n);
void aml_byte(struct aml *a, uint8_t b);
size_t aml_open(struct aml *a);
void aml_close(struct aml *a, size_t start);
void aml_name_string(struct aml *a, const char *name);
void aml_integer(struct aml *a, uint64_t v);

#endif

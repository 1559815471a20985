/* SPDX-License-Identifier: GPL-2.0-only */
/* A tiny AML encoder: just enough for hvvmm's DSDT. */
#ifndef HVVMM_AML_H
#define HVVMM_AML_H

#include <stddef.h>
#include "vm.h"

struct aml {
	u8 buf[1024];
	size_t len;
};

void aml_bytes(struct aml *a, const void *p, size_t n);
void aml_byte(struct aml *a, u8 b);
size_t aml_open(struct aml *a);
void aml_close(struct aml *a, size_t start);
void aml_name_string(struct aml *a, const char *name);
void aml_integer(struct aml *a, u64 v);

#endif

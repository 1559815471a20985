/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory access for the KVM transport: the read/write/check/pin/unpin
 * ops of struct hvhost_transport_ops, on top of the memory table and the
 * partition's memory backend.
 */
#ifndef _HVHOST_KVM_GUESTMEM_H
#define _HVHOST_KVM_GUESTMEM_H

#include <linux/types.h>

struct hvhost_kpart;
struct hvhost_mem_table;
struct hvhost_partition;
struct page;

bool hvhost_guestmem_access_begin(struct hvhost_partition *p);
void hvhost_guestmem_access_end(struct hvhost_partition *p);
int hvhost_guestmem_read(struct hvhost_partition *p, u64 gpa, void *buf,
			 size_t len);
int hvhost_guestmem_write(struct hvhost_partition *p, u64 gpa,
			  const void *buf, size_t len);
int hvhost_guestmem_check(struct hvhost_partition *p, u64 gpa, u64 len);
int hvhost_guestmem_pin(struct hvhost_partition *p, const u64 *pfns,
			unsigned int n, struct page **pages);
void hvhost_guestmem_unpin(struct hvhost_partition *p, struct page **pages,
			   unsigned int n);

int hvhost_guestmem_pin_gpa(struct hvhost_kpart *kp, u64 gpa,
			    struct page **page);
void hvhost_guestmem_unpin_one(struct hvhost_kpart *kp, struct page *page);

int hvhost_kpart_set_mem_table(struct hvhost_kpart *kp,
			       const struct hvhost_mem_table *t);
void hvhost_guestmem_destroy(struct hvhost_kpart *kp);

#endif /* _HVHOST_KVM_GUESTMEM_H */

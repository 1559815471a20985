/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The production guest memory backend: the VMM's address space.
 */
#ifndef _HVHOST_KVM_MM_H
#define _HVHOST_KVM_MM_H

struct hvhost_kmem_ops;

extern const struct hvhost_kmem_ops hvhost_mm_ops;

#endif /* _HVHOST_KVM_MM_H */

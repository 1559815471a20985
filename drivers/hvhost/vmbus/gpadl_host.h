/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The connection's side of GPADLs: the GPADL channel messages, uses of a
 * GPADL by channels and VSPs, and deferred teardown.  Assembly and
 * mapping live in gpadl.c.
 */
#ifndef _HVHOST_VMBUS_GPADL_HOST_H
#define _HVHOST_VMBUS_GPADL_HOST_H

#include <linux/types.h>

struct hvhost_gpadl;
struct hvhost_vmbus;

void hvhost_gpadl_host_on_header(struct hvhost_vmbus *vb, const void *msg,
				 u32 size);
void hvhost_gpadl_host_refuse_header(struct hvhost_vmbus *vb, const void *msg);
void hvhost_gpadl_host_on_body(struct hvhost_vmbus *vb, const void *msg,
			       u32 size);
void hvhost_gpadl_host_refuse_body(struct hvhost_vmbus *vb, const void *msg);
void hvhost_gpadl_host_on_teardown(struct hvhost_vmbus *vb, const void *msg,
				   u32 size);
void hvhost_gpadl_host_refuse_teardown(struct hvhost_vmbus *vb,
				       const void *msg);
void hvhost_gpadl_host_get(struct hvhost_vmbus *vb, struct hvhost_gpadl *g);
void hvhost_gpadl_host_put(struct hvhost_vmbus *vb, struct hvhost_gpadl *g);
void hvhost_gpadl_host_forget_teardowns(struct hvhost_vmbus *vb);

#endif /* _HVHOST_VMBUS_GPADL_HOST_H */

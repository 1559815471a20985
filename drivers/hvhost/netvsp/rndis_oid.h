/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The OID allow-list behind RNDIS QUERY and SET (rndis_oid.c), used by the
 * control message handler (rndis.c).
 */
#ifndef _HVHOST_NETVSP_RNDIS_OID_H
#define _HVHOST_NETVSP_RNDIS_OID_H

#include <linux/types.h>

#include "rndis.h"

/* Largest QUERY answer; it fits a reply with its headers. */
#define HVNET_RNDIS_INFO_MAX	200

static_assert(RNDIS_HDR_SIZE + sizeof(struct rndis_query_complete) +
	      HVNET_RNDIS_INFO_MAX <= HVNET_RNDIS_REPLY_MAX);

u32 hvnet_rndis_query_oid(struct hvnet_rndis *r, u32 oid, const u8 *in,
			  u32 in_len, u8 *out, u32 *out_len);
u32 hvnet_rndis_set_oid(struct hvnet_rndis *r, u32 oid, const u8 *in,
			u32 in_len);

#endif /* _HVHOST_NETVSP_RNDIS_OID_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KUnit helpers: the software test guest acting as Linux's netvsc on one
 * synthetic NIC (bring-up as netvsc_device_add() and
 * rndis_filter_device_add() do it, frames, slot completions).  Shared by
 * the channel and port suites.
 */
#ifndef _HVHOST_NETVSP_NT_GUEST_H
#define _HVHOST_NETVSP_NT_GUEST_H

#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include "partition.h"
#include "nvsp.h"

struct hvhost_channel;
struct nvsp_msg;
struct tguest;
struct tguest_chan;
struct tpart;

#define NT_MEM		SZ_32M
#define NT_RING		SZ_64K
#define NT_SEND_SECTIONS 8
#define NT_SEND_PAGES	(NT_SEND_SECTIONS * HVNET_NVSP_SEND_SECTION / HV_PAGE_SIZE)
#define NT_HELD_MAX	64
#define NT_SLOT_MAX	10240
#define NT_RANGES	64

extern const guid_t nt_instance;
extern const u8 nt_mac[ETH_ALEN];

struct nt_env {
	struct kunit *test;
	struct tpart *tp;
	struct tguest *g;
	struct hvhost_channel *dev;
	struct tguest_chan *ch;
	u64 recv_gpa;
	u32 recv_pages;
	u32 recv_gpadl;
	u64 send_gpa;
	u32 send_gpadl;
	u64 tid;
	u32 req_id;
	bool autocomplete;
	/* The last completion. */
	bool got_comp;
	u64 comp_tid;
	u32 comp_len;
	struct nvsp_msg comp;
	/* Transfer-page packets: the last one's slot contents. */
	u32 xfers;
	bool xfer_control;
	u32 rndis_len;
	u32 slot_size;
	u8 rndis[NT_SLOT_MAX];
	/* Multi-range packets (coalesced frames), if @multi is set: each
	 * range's message at @multi + i * slot_size; the last is in @rndis.
	 */
	u32 ranges;
	u8 *multi;
	u32 multi_len[NT_RANGES];
	u64 held[NT_HELD_MAX];
	u32 nr_held;
	u8 *pkt;
};

struct nt_env *nt_env_new(struct kunit *test, u32 recv_pages);
void nt_attach(struct nt_env *e);
void nt_complete_slot(struct nt_env *e, u64 tid);
void nt_on_xfer(struct nt_env *e, u32 len);
void nt_poll(struct nt_env *e);
struct nvsp_msg *nt_nvsp(struct nt_env *e, const struct nvsp_msg *m,
			 bool want_comp);
u32 nt_rndis(struct nt_env *e, u32 sec, const void *msg, u32 len,
	     bool control);
u32 nt_get32(const u8 *p);
void nt_control(struct nt_env *e, const void *msg, u32 len, u32 type);
void nt_connect(struct nt_env *e);
void nt_init_buf(struct nt_env *e);
void nt_oid(struct nt_env *e, u32 type, u32 oid, const void *val,
	    u32 val_len);
void nt_rndis_up(struct nt_env *e);
void nt_fill_frame(u8 *f, u32 len, u8 seed);
u32 nt_build_packet(u8 *buf, const u8 *frame, u32 len);

#endif /* _HVHOST_NETVSP_NT_GUEST_H */

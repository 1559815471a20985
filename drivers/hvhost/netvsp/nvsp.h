/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVSP message handling, host side.
 *
 * hvnet_nvsp_handle() takes one NVSP message that the caller has already
 * copied out of the guest's ring and produces, in a struct hvnet_nvsp_result,
 * the completion to send back and the work to do next.  It never touches
 * guest memory itself: the receive and send buffers are mapped through
 * struct hvnet_nvsp_ops, which the channel glue provides (and a test or a
 * fuzzer fakes).
 */
#ifndef _HVHOST_NETVSP_NVSP_H
#define _HVHOST_NETVSP_NVSP_H

#include <linux/types.h>

#include "nvsp_proto.h"

enum hvnet_buf_kind {
	HVNET_RECV_BUF,
	HVNET_SEND_BUF,
};

/**
 * struct hvnet_nvsp_ops - buffer mapping provided by the channel glue
 * @map_buf: map the guest's GPADL @gpadl as the receive or send buffer and
 *	return its length in @len.  Return 0 or a negative error (unknown
 *	GPADL, over quota); nothing is mapped on error.
 * @unmap_buf: release the buffer of @kind.  Called only when no send
 *	section handed out by hvnet_nvsp_handle() is still in flight; for the
 *	receive buffer the glue waits for its own slots before unpinning.
 *
 * @charge: optional; charge one request against the partition's in-flight
 *	quota; false refuses it (the guest gets NVSP_STAT_BUSY).
 * @uncharge: optional (with @charge); release one charged request.
 *
 * Context: process context; both may sleep.
 */
struct hvnet_nvsp_ops {
	int (*map_buf)(void *priv, enum hvnet_buf_kind kind, u32 gpadl,
		       u32 *len);
	void (*unmap_buf)(void *priv, enum hvnet_buf_kind kind);
	bool (*charge)(void *priv);
	void (*uncharge)(void *priv);
};

/**
 * struct hvnet_nvsp_config - host policy
 * @recv_sub_alloc_size: receive buffer slot size offered to the guest;
 *	at least HVNET_NVSP_SECTION_MIN.
 * @send_section_size: send buffer section size offered to the guest;
 *	at least HVNET_NVSP_SECTION_MIN.
 * @buf_max: largest receive or send buffer accepted, in bytes.
 * @max_subchannels: subchannels the host can open (0: a single queue).
 * @max_inflight: send requests the guest may have outstanding at once.
 */
struct hvnet_nvsp_config {
	u32 recv_sub_alloc_size;
	u32 send_section_size;
	u32 buf_max;
	u32 max_subchannels;
	u32 max_inflight;
};

/* Linux rejects sections smaller than ETH_MIN_MTU (68 bytes). */
#define HVNET_NVSP_SECTION_MIN		68
#define HVNET_NVSP_RECV_SUB_ALLOC	1728
#define HVNET_NVSP_SEND_SECTION		6144
#define HVNET_NVSP_BUF_MAX		(32U << 20)
#define HVNET_NVSP_MAX_INFLIGHT		4096
/* NDIS_CONFIG MTU (frame size without FCS): 68 + 14 up to 65535. */
#define HVNET_NVSP_MTU_MIN		(68 + 14)
#define HVNET_NVSP_MTU_MAX		65535

/**
 * struct hvnet_nvsp_buf - one guest buffer as NVSP knows it
 * @mapped: @gpadl is mapped through hvnet_nvsp_ops.
 * @revoke_pending: the guest revoked it while sections were in flight.
 * @id: the guest's id for the buffer (checked on revoke).
 * @gpadl: the guest's GPADL handle.
 * @len: mapped length in bytes.
 * @section_size: sub-allocation or section size, never 0 once mapped.
 * @count: number of sections, never 0 once mapped.
 */
struct hvnet_nvsp_buf {
	bool mapped;
	bool revoke_pending;
	u16 id;
	u32 gpadl;
	u32 len;
	u32 section_size;
	u32 count;
};

/**
 * struct hvnet_nvsp_stats - counters a guest can drive
 * @bad_msgs: messages refused: too short, wrong state, bad field.
 * @unknown: messages of a type the host does not handle.
 * @busy: send requests refused over the channel's in-flight cap or the
 *	partition's in-flight quota.
 */
struct hvnet_nvsp_stats {
	u64 bad_msgs;
	u64 unknown;
	u64 busy;
};

/**
 * struct hvnet_nvsp - NVSP state of one channel
 * @ops: buffer mapping, never NULL.
 * @priv: passed to @ops.
 * @cfg: host policy, fixed at hvnet_nvsp_init().
 * @version: the negotiated NVSP version, 0 before INIT succeeded.
 * @ndis_major: NDIS version the guest reported (0: none yet).
 * @ndis_minor: ditto.
 * @mtu: frame size from NDIS_CONFIG (0: none yet).
 * @caps: NVSP_CAP_* from NDIS_CONFIG.
 * @recv: the receive buffer (host to guest frames).
 * @send: the send buffer (guest to host frames).
 * @inflight: send requests handed out and not yet completed.
 * @datapath: NVSP_DATAPATH_* the guest asked for last.
 * @subchannels: subchannels granted to the guest.
 * @stats: counters.
 *
 * Locking: the channel glue serialises all calls for one channel (one
 * worker per channel); nothing here is shared between channels.
 */
struct hvnet_nvsp {
	const struct hvnet_nvsp_ops *ops;
	void *priv;
	struct hvnet_nvsp_config cfg;
	u32 version;
	u32 ndis_major;
	u32 ndis_minor;
	u32 mtu;
	u64 caps;
	struct hvnet_nvsp_buf recv;
	struct hvnet_nvsp_buf send;
	u32 inflight;
	u32 datapath;
	u32 subchannels;
	struct hvnet_nvsp_stats stats;
};

enum hvnet_nvsp_reply {
	/* Send nothing: the message expects no completion. */
	HVNET_NVSP_NO_REPLY,
	/* Send a completion carrying @msg (NVSP_MSG_SIZE bytes). */
	HVNET_NVSP_REPLY_MSG,
	/* Send a completion without payload (SWITCH_DATA_PATH, unknown). */
	HVNET_NVSP_REPLY_EMPTY,
	/* Hand the RNDIS message to rndis; complete it afterwards. */
	HVNET_NVSP_DEFER_RNDIS,
};

/**
 * struct hvnet_nvsp_rndis_loc - where the guest's RNDIS message is
 * @control: the guest marked it as a control message.
 * @in_section: the message starts in a send buffer section at @offset
 *	with @len bytes; more data may follow in the packet's GPA ranges.
 *	False: the whole message is in the packet's GPA ranges.
 * @offset: byte offset in the send buffer, inside its mapped length.
 * @len: bytes in the section, 1..section size.
 */
struct hvnet_nvsp_rndis_loc {
	bool control;
	bool in_section;
	u32 offset;
	u32 len;
};

/**
 * struct hvnet_nvsp_result - what to do after one message
 * @reply: which completion to send, if any.
 * @trans_id: the guest's transaction id, to echo in the completion.
 * @msg: the completion payload for HVNET_NVSP_REPLY_MSG, zero-filled.
 * @rndis: for HVNET_NVSP_DEFER_RNDIS, where the RNDIS message is.
 */
struct hvnet_nvsp_result {
	enum hvnet_nvsp_reply reply;
	u64 trans_id;
	struct nvsp_msg msg;
	struct hvnet_nvsp_rndis_loc rndis;
};

void hvnet_nvsp_config_default(struct hvnet_nvsp_config *cfg);
int hvnet_nvsp_init(struct hvnet_nvsp *s, const struct hvnet_nvsp_config *cfg,
		    const struct hvnet_nvsp_ops *ops, void *priv);
void hvnet_nvsp_destroy(struct hvnet_nvsp *s);
void hvnet_nvsp_handle(struct hvnet_nvsp *s, u64 trans_id, const void *buf,
		       u32 len, struct hvnet_nvsp_result *res);
void hvnet_nvsp_rndis_done(struct hvnet_nvsp *s, u32 status,
			   struct hvnet_nvsp_result *res);
void hvnet_nvsp_refuse(struct hvnet_nvsp *s, u64 trans_id, const void *buf,
		       u32 len, struct hvnet_nvsp_result *res);
int hvnet_nvsp_build_vf_association(const struct hvnet_nvsp *s,
				    bool allocated, u32 serial,
				    struct nvsp_msg *msg);
void hvnet_nvsp_build_rndis_pkt(struct nvsp_msg *msg, bool control);

#endif /* _HVHOST_NETVSP_NVSP_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * RNDIS control messages, host side.
 *
 * Each request is one message in a private copy.  The reply is built in a
 * zeroed host buffer, so no byte the guest reads comes from uninitialised
 * memory.  A request with a request id always gets its completion (a Linux
 * guest waits for it without a timeout); a failure shows in its status.
 */
#include <linux/errno.h>
#include <linux/etherdevice.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "rndis.h"
#include "hvnet_trace.h"
#include "rndis_oid.h"

static void rndis_bad(struct hvnet_rndis *r, u32 type, const char *why)
{
	r->stats.bad_msgs++;
	trace_hvnet_rndis_bad(r->cfg.perm_addr, type, why);
	pr_debug_ratelimited("hvhost_net: RNDIS message %#x refused: %s\n",
			     type, why);
}

static bool rndis_config_valid(const struct hvnet_rndis_config *cfg)
{
	return is_valid_ether_addr(cfg->perm_addr) &&
	       cfg->mtu >= ETH_MIN_MTU && cfg->mtu <= ETH_MAX_MTU - ETH_HLEN &&
	       cfg->num_queues >= 1 && cfg->num_queues <= 64 &&
	       !(cfg->offloads & ~(HVNET_OFFLOAD_ALL | HVNET_OFFLOAD_RSC));
}

/**
 * hvnet_rndis_init() - set up the RNDIS state of a new NIC
 * @r: state to initialise; the link starts up.
 * @cfg: host policy, copied.
 *
 * Return: 0, or -EINVAL for an inconsistent @cfg.
 */
int hvnet_rndis_init(struct hvnet_rndis *r,
		     const struct hvnet_rndis_config *cfg)
{
	if (!rndis_config_valid(cfg))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	r->state = HVNET_RNDIS_UNINITIALIZED;
	ether_addr_copy(r->cur_addr, cfg->perm_addr);
	r->link_up = true;
	return 0;
}

/* Start a reply: zero it and write the RNDIS header. */
static void *rndis_reply(void *reply, u32 type, u32 body_len, u32 *reply_len)
{
	struct rndis_msg_hdr *h = reply;

	memset(reply, 0, RNDIS_HDR_SIZE + body_len);
	h->msg_type = type;
	h->msg_len = RNDIS_HDR_SIZE + body_len;
	*reply_len = h->msg_len;
	return (u8 *)reply + RNDIS_HDR_SIZE;
}

static void rndis_on_init(struct hvnet_rndis *r, const u8 *body, u32 blen,
			  void *reply, u32 *reply_len)
{
	struct rndis_init_request req = {};
	struct rndis_init_complete *c;

	memcpy(&req, body, min_t(u32, blen, sizeof(req)));
	c = rndis_reply(reply, RNDIS_MSG_INIT_C, sizeof(*c), reply_len);
	c->req_id = req.req_id;
	if (blen < sizeof(req)) {
		rndis_bad(r, RNDIS_MSG_INIT, "too short");
		c->status = RNDIS_STATUS_INVALID_LENGTH;
		return;
	}
	if (req.major_ver != RNDIS_MAJOR_VERSION) {
		rndis_bad(r, RNDIS_MSG_INIT, "version");
		c->status = RNDIS_STATUS_BAD_VERSION;
		return;
	}
	if (r->state == HVNET_RNDIS_INITIALIZED) {
		rndis_bad(r, RNDIS_MSG_INIT, "already initialised");
		c->status = RNDIS_STATUS_FAILURE;
		return;
	}
	r->state = HVNET_RNDIS_INITIALIZED;
	r->guest_max_xfer = req.max_xfer_size;
	c->status = RNDIS_STATUS_SUCCESS;
	c->major_ver = RNDIS_MAJOR_VERSION;
	c->minor_ver = RNDIS_MINOR_VERSION;
	c->dev_flags = RNDIS_DF_CONNECTIONLESS;
	c->medium = RNDIS_MEDIUM_802_3;
	c->max_pkt_per_msg = HVNET_RNDIS_MAX_PKT_PER_MSG;
	c->max_xfer_size = HVNET_RNDIS_MAX_XFER;
	c->pkt_alignment_factor = HVNET_RNDIS_PKT_ALIGN_SHIFT;
}

/*
 * Where a QUERY's or SET's information buffer is, inside the body.  An
 * empty buffer is fine wherever its offset points.  Return false if the
 * buffer does not lie wholly inside the message after the request fields.
 */
static bool rndis_info_bounds(const struct rndis_oid_request *req, u32 blen)
{
	if (!req->info_buflen)
		return true;
	if (req->info_buf_offset < sizeof(*req) || req->info_buf_offset > blen)
		return false;
	return req->info_buflen <= blen - req->info_buf_offset;
}

static u32 rndis_oid_status(struct hvnet_rndis *r, u32 type,
			    const struct rndis_oid_request *req, u32 blen)
{
	if (blen < sizeof(*req)) {
		rndis_bad(r, type, "too short");
		return RNDIS_STATUS_INVALID_LENGTH;
	}
	if (r->state != HVNET_RNDIS_INITIALIZED) {
		rndis_bad(r, type, "not initialised");
		return RNDIS_STATUS_ADAPTER_NOT_READY;
	}
	if (!rndis_info_bounds(req, blen)) {
		rndis_bad(r, type, "information buffer out of bounds");
		return RNDIS_STATUS_INVALID_LENGTH;
	}
	return RNDIS_STATUS_SUCCESS;
}

static void rndis_on_query(struct hvnet_rndis *r, const u8 *body, u32 blen,
			   void *reply, u32 *reply_len)
{
	u8 info[HVNET_RNDIS_INFO_MAX] = {};
	struct rndis_oid_request req = {};
	struct rndis_query_complete *c;
	u32 status, info_len = 0;
	const u8 *in;

	memcpy(&req, body, min_t(u32, blen, sizeof(req)));
	status = rndis_oid_status(r, RNDIS_MSG_QUERY, &req, blen);
	if (status == RNDIS_STATUS_SUCCESS) {
		in = req.info_buflen ? body + req.info_buf_offset : NULL;
		status = hvnet_rndis_query_oid(r, req.oid, in, req.info_buflen,
					       info, &info_len);
	}
	if (status != RNDIS_STATUS_SUCCESS)
		info_len = 0;
	c = rndis_reply(reply, RNDIS_MSG_QUERY_C, sizeof(*c) + info_len,
			reply_len);
	c->req_id = req.req_id;
	c->status = status;
	if (!info_len)
		return;
	c->info_buflen = info_len;
	c->info_buf_offset = sizeof(*c);
	memcpy(c + 1, info, info_len);
}

static void rndis_on_set(struct hvnet_rndis *r, const u8 *body, u32 blen,
			 void *reply, u32 *reply_len)
{
	struct rndis_oid_request req = {};
	struct rndis_status_complete *c;
	u32 status;

	memcpy(&req, body, min_t(u32, blen, sizeof(req)));
	status = rndis_oid_status(r, RNDIS_MSG_SET, &req, blen);
	if (status == RNDIS_STATUS_SUCCESS)
		status = hvnet_rndis_set_oid(r, req.oid,
					     body + (req.info_buflen ?
						     req.info_buf_offset : 0),
					     req.info_buflen);
	c = rndis_reply(reply, RNDIS_MSG_SET_C, sizeof(*c), reply_len);
	c->req_id = req.req_id;
	c->status = status;
}

static void rndis_on_keepalive(struct hvnet_rndis *r, const u8 *body,
			       void *reply, u32 *reply_len)
{
	struct rndis_status_complete *c;

	c = rndis_reply(reply, RNDIS_MSG_KEEPALIVE_C, sizeof(*c), reply_len);
	memcpy(&c->req_id, body, sizeof(c->req_id));
	c->status = r->state == HVNET_RNDIS_INITIALIZED ?
		RNDIS_STATUS_SUCCESS : RNDIS_STATUS_ADAPTER_NOT_READY;
}

static void rndis_on_reset(struct hvnet_rndis *r, void *reply, u32 *reply_len)
{
	struct rndis_reset_complete *c;

	c = rndis_reply(reply, RNDIS_MSG_RESET_C, sizeof(*c), reply_len);
	if (r->state != HVNET_RNDIS_INITIALIZED) {
		c->status = RNDIS_STATUS_ADAPTER_NOT_READY;
		return;
	}
	/* A reset keeps the address, filter and multicast list. */
	c->status = RNDIS_STATUS_SUCCESS;
	c->addressing_reset = 0;
}

static int rndis_dispatch(struct hvnet_rndis *r, u32 type, const u8 *body,
			  u32 blen, void *reply, u32 *reply_len)
{
	switch (type) {
	case RNDIS_MSG_INIT:
		rndis_on_init(r, body, blen, reply, reply_len);
		return 0;
	case RNDIS_MSG_QUERY:
		rndis_on_query(r, body, blen, reply, reply_len);
		return 0;
	case RNDIS_MSG_SET:
		rndis_on_set(r, body, blen, reply, reply_len);
		return 0;
	case RNDIS_MSG_KEEPALIVE:
		rndis_on_keepalive(r, body, reply, reply_len);
		return 0;
	case RNDIS_MSG_RESET:
		rndis_on_reset(r, reply, reply_len);
		return 0;
	case RNDIS_MSG_HALT:
		if (r->state != HVNET_RNDIS_INITIALIZED)
			rndis_bad(r, type, "halt while not initialised");
		r->state = HVNET_RNDIS_HALTED;
		return 0;
	default:
		rndis_bad(r, type, "not a control request");
		return -EINVAL;
	}
}

/**
 * hvnet_rndis_control() - handle one RNDIS control message from the guest
 * @r: the NIC's RNDIS state.
 * @msg: the message, a private copy.
 * @len: bytes in @msg; the message's own msg_len must fit inside.
 * @reply: HVNET_RNDIS_REPLY_MAX bytes for the reply message.
 * @reply_len: set to the reply's length, 0 when nothing is to be sent
 *	(HALT, or a message too broken to answer).
 *
 * Every request that carries a request id gets its completion, with an
 * RNDIS failure status if the request was bad.
 *
 * Return: 0 if @msg was a well-framed control message, -EINVAL if it was
 * not (the NVSP completion then reports an invalid RNDIS packet).
 */
int hvnet_rndis_control(struct hvnet_rndis *r, const void *msg, u32 len,
			void *reply, u32 *reply_len)
{
	const u8 *body = (const u8 *)msg + RNDIS_HDR_SIZE;
	struct rndis_msg_hdr h;
	u32 blen, req_id, oid = 0;
	int ret;

	*reply_len = 0;
	if (len < RNDIS_HDR_SIZE) {
		rndis_bad(r, 0, "no header");
		return -EINVAL;
	}
	memcpy(&h, msg, sizeof(h));
	if (h.msg_len < RNDIS_HDR_SIZE || h.msg_len > len) {
		rndis_bad(r, h.msg_type, "message length");
		return -EINVAL;
	}
	blen = h.msg_len - RNDIS_HDR_SIZE;
	/* Without a request id (or RESET's reserved word) nobody waits. */
	if (blen < sizeof(u32)) {
		rndis_bad(r, h.msg_type, "no request id");
		return -EINVAL;
	}
	ret = rndis_dispatch(r, h.msg_type, body, blen, reply, reply_len);
	if (trace_hvnet_rndis_ctrl_enabled()) {
		memcpy(&req_id, body, sizeof(req_id));
		if ((h.msg_type == RNDIS_MSG_QUERY ||
		     h.msg_type == RNDIS_MSG_SET) && blen >= 2 * sizeof(u32))
			memcpy(&oid, body + sizeof(u32), sizeof(oid));
		trace_hvnet_rndis_ctrl(r->cfg.perm_addr, h.msg_type, req_id,
				       oid, *reply_len);
	}
	return ret;
}

/**
 * hvnet_rndis_link() - change the link state the guest sees
 * @r: the NIC's RNDIS state.
 * @up: the new link state.
 * @buf: HVNET_RNDIS_INDICATE_LEN bytes for the indication.
 *
 * Return: the length of the INDICATE_STATUS message written to @buf, or 0
 * when the guest need not be told (no change, or not initialised: the
 * guest queries the state after INITIALIZE).
 */
u32 hvnet_rndis_link(struct hvnet_rndis *r, bool up, void *buf)
{
	struct rndis_indicate_status *ind;
	u32 len;

	if (r->link_up == up)
		return 0;
	r->link_up = up;
	if (r->state != HVNET_RNDIS_INITIALIZED)
		return 0;
	ind = rndis_reply(buf, RNDIS_MSG_INDICATE, sizeof(*ind), &len);
	ind->status = up ? RNDIS_STATUS_MEDIA_CONNECT :
			   RNDIS_STATUS_MEDIA_DISCONNECT;
	return len;
}

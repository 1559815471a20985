// SPDX-License-Identifier: GPL-2.0-only
/*
 * NVSP message handling, host side: version negotiation, the receive and
 * send buffers, RNDIS packet requests, subchannels and the data path switch.
 *
 * The guest is hostile.  Each message is a private copy; every field is
 * checked before use; every request a guest may wait on gets a completion,
 * with a failure status when the request is bad, because a Linux guest
 * waits for NVSP completions without a timeout.
 */
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "nvsp.h"

#define CREATE_TRACE_POINTS
#include "hvnet_trace.h"

/* Versions the host speaks, newest first. */
static const u32 nvsp_versions[] = {
	NVSP_VERSION_61, NVSP_VERSION_6, NVSP_VERSION_5,
	NVSP_VERSION_4, NVSP_VERSION_2, NVSP_VERSION_1,
};

/* NDIS major version every supported guest reports. */
#define NVSP_NDIS_MAJOR		6

#define NVSP_CAPS_KNOWN		GENMASK_ULL(7, 0)

static void nvsp_bad(struct hvnet_nvsp *s, u32 type, const char *why)
{
	s->stats.bad_msgs++;
	trace_hvnet_nvsp_bad(s->priv, type, why);
	pr_debug_ratelimited("hvhost_net: NVSP message %u refused: %s\n",
			     type, why);
}

void hvnet_nvsp_config_default(struct hvnet_nvsp_config *cfg)
{
	cfg->recv_sub_alloc_size = HVNET_NVSP_RECV_SUB_ALLOC;
	cfg->send_section_size = HVNET_NVSP_SEND_SECTION;
	cfg->buf_max = HVNET_NVSP_BUF_MAX;
	cfg->max_subchannels = 0;
	cfg->max_inflight = HVNET_NVSP_MAX_INFLIGHT;
}

static bool nvsp_config_valid(const struct hvnet_nvsp_config *cfg)
{
	return cfg->recv_sub_alloc_size >= HVNET_NVSP_SECTION_MIN &&
	       cfg->send_section_size >= HVNET_NVSP_SECTION_MIN &&
	       cfg->buf_max >= cfg->recv_sub_alloc_size &&
	       cfg->buf_max >= cfg->send_section_size &&
	       cfg->max_subchannels <= NVSP_SUBCHANNELS_MAX &&
	       cfg->max_inflight > 0;
}

/**
 * hvnet_nvsp_init() - set up the NVSP state of a freshly opened channel
 * @s: state to initialise.
 * @cfg: host policy, copied.
 * @ops: buffer mapping.
 * @priv: passed to @ops.
 *
 * Return: 0, or -EINVAL for an inconsistent @cfg.
 */
int hvnet_nvsp_init(struct hvnet_nvsp *s, const struct hvnet_nvsp_config *cfg,
		    const struct hvnet_nvsp_ops *ops, void *priv)
{
	if (!nvsp_config_valid(cfg))
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->ops = ops;
	s->priv = priv;
	s->datapath = NVSP_DATAPATH_SYNTHETIC;
	return 0;
}

static void nvsp_unmap(struct hvnet_nvsp *s, enum hvnet_buf_kind kind)
{
	struct hvnet_nvsp_buf *b = kind == HVNET_RECV_BUF ? &s->recv : &s->send;

	if (!b->mapped)
		return;
	s->ops->unmap_buf(s->priv, kind);
	memset(b, 0, sizeof(*b));
}

/**
 * hvnet_nvsp_destroy() - release both buffers when the channel closes
 * @s: the state.
 *
 * Context: the glue has completed every deferred RNDIS request first.
 */
void hvnet_nvsp_destroy(struct hvnet_nvsp *s)
{
	nvsp_unmap(s, HVNET_RECV_BUF);
	nvsp_unmap(s, HVNET_SEND_BUF);
}

static void nvsp_on_init(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			 struct hvnet_nvsp_result *res)
{
	struct nvsp_init_complete *ic = &res->msg.body.init_complete;
	u32 lo = m->body.init.min_protocol_ver;
	u32 hi = m->body.init.max_protocol_ver;
	unsigned int i;

	res->reply = HVNET_NVSP_REPLY_MSG;
	res->msg.msg_type = NVSP_MSG_INIT_COMPLETE;
	ic->status = NVSP_STAT_FAIL;
	if (s->version) {
		nvsp_bad(s, m->msg_type, "already initialised");
		return;
	}
	/* The newest version the host speaks inside the guest's range. */
	for (i = 0; i < ARRAY_SIZE(nvsp_versions); i++) {
		if (nvsp_versions[i] < lo || nvsp_versions[i] > hi)
			continue;
		s->version = nvsp_versions[i];
		ic->negotiated_protocol_ver = s->version;
		ic->status = NVSP_STAT_SUCCESS;
		return;
	}
}

static void nvsp_on_ndis_version(struct hvnet_nvsp *s,
				 const struct nvsp_msg *m)
{
	const struct nvsp1_ndis_version *nv = &m->body.ndis_version;

	if (!s->version) {
		nvsp_bad(s, m->msg_type, "before INIT");
		return;
	}
	if (nv->major != NVSP_NDIS_MAJOR || nv->minor > U16_MAX) {
		nvsp_bad(s, m->msg_type, "NDIS version");
		return;
	}
	s->ndis_major = nv->major;
	s->ndis_minor = nv->minor;
}

static void nvsp_on_ndis_config(struct hvnet_nvsp *s,
				const struct nvsp_msg *m)
{
	const struct nvsp2_ndis_config *nc = &m->body.ndis_config;

	if (s->version < NVSP_VERSION_2) {
		nvsp_bad(s, m->msg_type, "needs NVSPv2");
		return;
	}
	if (nc->mtu < HVNET_NVSP_MTU_MIN || nc->mtu > HVNET_NVSP_MTU_MAX) {
		nvsp_bad(s, m->msg_type, "MTU out of range");
		return;
	}
	s->mtu = nc->mtu;
	s->caps = nc->capability & NVSP_CAPS_KNOWN;
}

/*
 * Map a guest buffer and cut it into sections of @section_size bytes.
 * Return 0, or a negative error with nothing mapped.
 */
static int nvsp_map(struct hvnet_nvsp *s, enum hvnet_buf_kind kind,
		    const struct nvsp1_send_buf *req, u32 section_size)
{
	struct hvnet_nvsp_buf *b = kind == HVNET_RECV_BUF ? &s->recv : &s->send;
	u32 len = 0;
	int err;

	if (!s->version || b->mapped || !req->gpadl_handle)
		return -EINVAL;
	err = s->ops->map_buf(s->priv, kind, req->gpadl_handle, &len);
	if (err)
		return err;
	if (len < section_size || len > s->cfg.buf_max) {
		s->ops->unmap_buf(s->priv, kind);
		return -EINVAL;
	}
	b->mapped = true;
	b->id = req->id;
	b->gpadl = req->gpadl_handle;
	b->len = len;
	b->section_size = section_size;
	b->count = len / section_size;
	return 0;
}

static void nvsp_on_recv_buf(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			     struct hvnet_nvsp_result *res)
{
	struct nvsp1_recv_buf_complete *rc = &res->msg.body.recv_buf_complete;
	const struct nvsp1_send_buf *req = &m->body.send_buf;

	res->reply = HVNET_NVSP_REPLY_MSG;
	res->msg.msg_type = NVSP_MSG1_SEND_RECV_BUF_COMPLETE;
	rc->status = NVSP_STAT_FAIL;
	if (req->id != NVSP_RECV_BUF_ID ||
	    nvsp_map(s, HVNET_RECV_BUF, req, s->cfg.recv_sub_alloc_size)) {
		nvsp_bad(s, m->msg_type, "receive buffer");
		return;
	}
	/* Exactly one section at offset 0: what Linux insists on. */
	rc->status = NVSP_STAT_SUCCESS;
	rc->num_sections = 1;
	rc->section.offset = 0;
	rc->section.sub_alloc_size = s->recv.section_size;
	rc->section.num_sub_allocs = s->recv.count;
	rc->section.end_offset = s->recv.count * s->recv.section_size;
}

static void nvsp_on_send_buf(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			     struct hvnet_nvsp_result *res)
{
	struct nvsp1_send_buf_complete *sc = &res->msg.body.send_buf_complete;
	const struct nvsp1_send_buf *req = &m->body.send_buf;

	res->reply = HVNET_NVSP_REPLY_MSG;
	res->msg.msg_type = NVSP_MSG1_SEND_SEND_BUF_COMPLETE;
	sc->status = NVSP_STAT_FAIL;
	if ((req->id != NVSP_SEND_BUF_ID && req->id != NVSP_SEND_BUF_ID_LINUX) ||
	    nvsp_map(s, HVNET_SEND_BUF, req, s->cfg.send_section_size)) {
		nvsp_bad(s, m->msg_type, "send buffer");
		return;
	}
	sc->status = NVSP_STAT_SUCCESS;
	sc->section_size = s->send.section_size;
}

static void nvsp_on_revoke(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			   enum hvnet_buf_kind kind)
{
	struct hvnet_nvsp_buf *b = kind == HVNET_RECV_BUF ? &s->recv : &s->send;

	if (!b->mapped || b->revoke_pending || b->id != m->body.revoke_buf.id) {
		nvsp_bad(s, m->msg_type, "revoke of an unknown buffer");
		return;
	}
	/* Sections still being read: unmap when the last one completes. */
	if (kind == HVNET_SEND_BUF && s->inflight) {
		b->revoke_pending = true;
		return;
	}
	nvsp_unmap(s, kind);
}

static bool nvsp_section_valid(const struct hvnet_nvsp *s, u32 index, u32 len)
{
	const struct hvnet_nvsp_buf *b = &s->send;

	return b->mapped && !b->revoke_pending && index < b->count &&
	       len && len <= b->section_size;
}

static void nvsp_on_rndis_pkt(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			      struct hvnet_nvsp_result *res)
{
	const struct nvsp1_rndis_pkt *rp = &m->body.rndis_pkt;
	struct hvnet_nvsp_rndis_loc *loc = &res->rndis;

	res->reply = HVNET_NVSP_REPLY_MSG;
	res->msg.msg_type = NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE;
	res->msg.body.rndis_pkt_complete.status = NVSP_STAT_FAIL;
	if (!s->version || rp->channel_type > NVSP_RNDIS_CHANNEL_CONTROL) {
		nvsp_bad(s, m->msg_type, "RNDIS packet header");
		return;
	}
	if (s->inflight >= s->cfg.max_inflight) {
		s->stats.busy++;
		res->msg.body.rndis_pkt_complete.status = NVSP_STAT_BUSY;
		return;
	}
	loc->control = rp->channel_type == NVSP_RNDIS_CHANNEL_CONTROL;
	if (rp->send_buf_section_index != NVSP_INVALID_SECTION_INDEX) {
		if (!nvsp_section_valid(s, rp->send_buf_section_index,
					rp->send_buf_section_size)) {
			nvsp_bad(s, m->msg_type, "send section");
			return;
		}
		loc->in_section = true;
		/* index < count, so this stays below the mapped length. */
		loc->offset = rp->send_buf_section_index * s->send.section_size;
		loc->len = rp->send_buf_section_size;
	}
	/* Last, so that nothing refuses the request once it is charged. */
	if (s->ops->charge && !s->ops->charge(s->priv)) {
		s->stats.busy++;
		memset(loc, 0, sizeof(*loc));
		res->msg.body.rndis_pkt_complete.status = NVSP_STAT_BUSY;
		return;
	}
	s->inflight++;
	memset(&res->msg, 0, sizeof(res->msg));
	res->reply = HVNET_NVSP_DEFER_RNDIS;
}

/**
 * hvnet_nvsp_rndis_done() - complete a deferred RNDIS packet request
 * @s: the state.
 * @status: NVSP_STAT_SUCCESS, or NVSP_STAT_INVALID_RNDIS_PKT when rndis
 *	refused the message.
 * @res: the result of that hvnet_nvsp_handle() call (its @trans_id is
 *	kept); it becomes a SEND_RNDIS_PKT_COMPLETE completion.
 *
 * Releases the request's send section; a revoke that waited for it is
 * carried out here.
 */
void hvnet_nvsp_rndis_done(struct hvnet_nvsp *s, u32 status,
			   struct hvnet_nvsp_result *res)
{
	if (!WARN_ON_ONCE(!s->inflight)) {
		s->inflight--;
		if (s->ops->uncharge)
			s->ops->uncharge(s->priv);
	}
	memset(&res->msg, 0, sizeof(res->msg));
	res->reply = HVNET_NVSP_REPLY_MSG;
	res->msg.msg_type = NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE;
	res->msg.body.rndis_pkt_complete.status = status;
	if (s->send.revoke_pending && !s->inflight)
		nvsp_unmap(s, HVNET_SEND_BUF);
}

static void nvsp_on_switch_data_path(struct hvnet_nvsp *s,
				     const struct nvsp_msg *m,
				     struct hvnet_nvsp_result *res)
{
	u32 dp = m->body.switch_data_path.active_datapath;

	/* Linux waits for a completion without payload, whatever we think. */
	res->reply = HVNET_NVSP_REPLY_EMPTY;
	if (s->version < NVSP_VERSION_4 || dp > NVSP_DATAPATH_VF) {
		nvsp_bad(s, m->msg_type, "data path switch");
		return;
	}
	/* No VF is ever associated yet: frames stay on the synthetic path. */
	s->datapath = NVSP_DATAPATH_SYNTHETIC;
}

static void nvsp_on_subchannel(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			       struct hvnet_nvsp_result *res)
{
	const struct nvsp5_subchannel_request *req =
		&m->body.subchannel_request;
	struct nvsp5_subchannel_complete *sc = &res->msg.body.subchannel_complete;

	res->reply = HVNET_NVSP_REPLY_MSG;
	res->msg.msg_type = NVSP_MSG5_SUBCHANNEL;
	sc->status = NVSP_STAT_FAIL;
	if (s->version < NVSP_VERSION_5 || req->op != NVSP_SUBCHANNEL_ALLOCATE ||
	    req->num_subchannels > NVSP_SUBCHANNELS_MAX) {
		nvsp_bad(s, m->msg_type, "subchannel request");
		return;
	}
	s->subchannels = min(req->num_subchannels, s->cfg.max_subchannels);
	sc->status = NVSP_STAT_SUCCESS;
	sc->num_subchannels = s->subchannels;
}

/* Body bytes each handled type needs; 0 for types the host refuses. */
static u32 nvsp_body_min(u32 type)
{
	switch (type) {
	case NVSP_MSG_INIT:
		return sizeof(struct nvsp_init);
	case NVSP_MSG1_SEND_NDIS_VERSION:
		return sizeof(struct nvsp1_ndis_version);
	case NVSP_MSG1_SEND_RECV_BUF:
	case NVSP_MSG1_SEND_SEND_BUF:
		return sizeof(struct nvsp1_send_buf);
	case NVSP_MSG1_REVOKE_RECV_BUF:
	case NVSP_MSG1_REVOKE_SEND_BUF:
		return sizeof(struct nvsp1_revoke_buf);
	case NVSP_MSG1_SEND_RNDIS_PKT:
		return sizeof(struct nvsp1_rndis_pkt);
	case NVSP_MSG2_SEND_NDIS_CONFIG:
		return sizeof(struct nvsp2_ndis_config);
	case NVSP_MSG4_SWITCH_DATA_PATH:
		return sizeof(struct nvsp4_switch_data_path);
	case NVSP_MSG5_SUBCHANNEL:
		return sizeof(struct nvsp5_subchannel_request);
	default:
		return 0;
	}
}

/* The failure completion of a request that cannot be taken as it is. */
static void nvsp_fail(struct hvnet_nvsp *s, u32 type, const char *why,
		      struct hvnet_nvsp_result *res)
{
	nvsp_bad(s, type, why);
	res->reply = HVNET_NVSP_REPLY_MSG;
	switch (type) {
	case NVSP_MSG_INIT:
		res->msg.msg_type = NVSP_MSG_INIT_COMPLETE;
		res->msg.body.init_complete.status = NVSP_STAT_FAIL;
		break;
	case NVSP_MSG1_SEND_RECV_BUF:
		res->msg.msg_type = NVSP_MSG1_SEND_RECV_BUF_COMPLETE;
		res->msg.body.recv_buf_complete.status = NVSP_STAT_FAIL;
		break;
	case NVSP_MSG1_SEND_SEND_BUF:
		res->msg.msg_type = NVSP_MSG1_SEND_SEND_BUF_COMPLETE;
		res->msg.body.send_buf_complete.status = NVSP_STAT_FAIL;
		break;
	case NVSP_MSG1_SEND_RNDIS_PKT:
		res->msg.msg_type = NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE;
		res->msg.body.rndis_pkt_complete.status = NVSP_STAT_FAIL;
		break;
	case NVSP_MSG5_SUBCHANNEL:
		res->msg.msg_type = NVSP_MSG5_SUBCHANNEL;
		res->msg.body.subchannel_complete.status = NVSP_STAT_FAIL;
		break;
	case NVSP_MSG4_SWITCH_DATA_PATH:
		res->reply = HVNET_NVSP_REPLY_EMPTY;
		break;
	default:	/* NDIS version/config and revokes expect nothing. */
		res->reply = HVNET_NVSP_NO_REPLY;
		break;
	}
}

static void nvsp_dispatch(struct hvnet_nvsp *s, const struct nvsp_msg *m,
			  struct hvnet_nvsp_result *res)
{
	switch (m->msg_type) {
	case NVSP_MSG_INIT:
		nvsp_on_init(s, m, res);
		break;
	case NVSP_MSG1_SEND_NDIS_VERSION:
		nvsp_on_ndis_version(s, m);
		break;
	case NVSP_MSG2_SEND_NDIS_CONFIG:
		nvsp_on_ndis_config(s, m);
		break;
	case NVSP_MSG1_SEND_RECV_BUF:
		nvsp_on_recv_buf(s, m, res);
		break;
	case NVSP_MSG1_REVOKE_RECV_BUF:
		nvsp_on_revoke(s, m, HVNET_RECV_BUF);
		break;
	case NVSP_MSG1_SEND_SEND_BUF:
		nvsp_on_send_buf(s, m, res);
		break;
	case NVSP_MSG1_REVOKE_SEND_BUF:
		nvsp_on_revoke(s, m, HVNET_SEND_BUF);
		break;
	case NVSP_MSG1_SEND_RNDIS_PKT:
		nvsp_on_rndis_pkt(s, m, res);
		break;
	case NVSP_MSG4_SWITCH_DATA_PATH:
		nvsp_on_switch_data_path(s, m, res);
		break;
	case NVSP_MSG5_SUBCHANNEL:
		nvsp_on_subchannel(s, m, res);
		break;
	}
}

/**
 * hvnet_nvsp_handle() - handle one NVSP message from the guest
 * @s: the channel's NVSP state.
 * @trans_id: the VMBus transaction id of the packet, echoed in @res.
 * @buf: the message, a private copy (the host never re-reads the guest).
 * @len: bytes in @buf; any length is accepted.
 * @res: filled with the completion to send and the work to do.
 *
 * Messages that expect no completion (NDIS version and config, revokes)
 * give HVNET_NVSP_NO_REPLY even when refused; everything else gives a
 * completion, with a failure status if need be.  Unknown types give an
 * empty completion, sent only if the guest asked for one.
 */
void hvnet_nvsp_handle(struct hvnet_nvsp *s, u64 trans_id, const void *buf,
		       u32 len, struct hvnet_nvsp_result *res)
{
	struct nvsp_msg m = {};
	u32 body_min;

	memset(res, 0, sizeof(*res));
	res->trans_id = trans_id;
	res->reply = HVNET_NVSP_NO_REPLY;
	if (len < NVSP_MSG_HDR_SIZE) {
		nvsp_bad(s, 0, "no header");
		res->reply = HVNET_NVSP_REPLY_EMPTY;
		goto out;
	}
	memcpy(&m, buf, min_t(u32, len, sizeof(m)));
	body_min = nvsp_body_min(m.msg_type);
	if (!body_min) {
		s->stats.unknown++;
		pr_debug_ratelimited("hvhost_net: NVSP message %u not handled\n",
				     m.msg_type);
		res->reply = HVNET_NVSP_REPLY_EMPTY;
		goto out;
	}
	if (len - NVSP_MSG_HDR_SIZE < body_min) {
		nvsp_fail(s, m.msg_type, "too short", res);
		goto out;
	}
	nvsp_dispatch(s, &m, res);
out:
	trace_hvnet_nvsp_msg(s->priv, m.msg_type, len, res->reply);
}

/**
 * hvnet_nvsp_refuse() - the failure answer to a message not handled whole
 * @s: the channel's NVSP state.
 * @trans_id: the VMBus transaction id of the packet, echoed in @res.
 * @buf: the start of the message, a private copy.
 * @len: bytes of it at @buf (the packet may have had more).
 * @res: filled with the completion to send.
 *
 * For a packet the glue could not copy out whole (larger than it takes):
 * the guest still gets the failure completion the message type calls for,
 * as for a message that is too short, and nothing else happens.
 */
void hvnet_nvsp_refuse(struct hvnet_nvsp *s, u64 trans_id, const void *buf,
		       u32 len, struct hvnet_nvsp_result *res)
{
	u32 type;

	memset(res, 0, sizeof(*res));
	res->trans_id = trans_id;
	res->reply = HVNET_NVSP_REPLY_EMPTY;
	if (len < NVSP_MSG_HDR_SIZE) {
		nvsp_bad(s, 0, "no header");
		return;
	}
	memcpy(&type, buf, sizeof(type));
	if (!nvsp_body_min(type)) {
		s->stats.unknown++;
		return;
	}
	nvsp_fail(s, type, "too large", res);
}

/**
 * hvnet_nvsp_build_vf_association() - tell the guest about a VF (or none)
 * @s: the state.
 * @allocated: a VF is there; @serial names its PCI slot.
 * @serial: the VF's serial number.
 * @msg: filled with the inband message, zero-padded.
 *
 * Return: 0, or -EOPNOTSUPP before NVSPv4 is negotiated.
 */
int hvnet_nvsp_build_vf_association(const struct hvnet_nvsp *s,
				    bool allocated, u32 serial,
				    struct nvsp_msg *msg)
{
	memset(msg, 0, sizeof(*msg));
	if (s->version < NVSP_VERSION_4)
		return -EOPNOTSUPP;
	msg->msg_type = NVSP_MSG4_SEND_VF_ASSOCIATION;
	msg->body.vf_association.allocated = allocated;
	msg->body.vf_association.serial = allocated ? serial : 0;
	return 0;
}

/**
 * hvnet_nvsp_build_rndis_pkt() - header of a host-to-guest RNDIS packet
 * @msg: filled with the NVSP part of a transfer-page packet.
 * @control: the RNDIS message is a control message (a completion or an
 *	indication) rather than a data frame.
 */
void hvnet_nvsp_build_rndis_pkt(struct nvsp_msg *msg, bool control)
{
	memset(msg, 0, sizeof(*msg));
	msg->msg_type = NVSP_MSG1_SEND_RNDIS_PKT;
	msg->body.rndis_pkt.channel_type = control ?
		NVSP_RNDIS_CHANNEL_CONTROL : NVSP_RNDIS_CHANNEL_DATA;
	msg->body.rndis_pkt.send_buf_section_index = NVSP_INVALID_SECTION_INDEX;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMBus connection: version negotiation, dispatch of the guest's
 * channel messages, unload and reset.
 *
 * Every guest message is copied once into a zeroed buffer and parsed from
 * there under the connection lock.  A message whose type has a reply always
 * gets one, with a failure status if need be: the Linux guest waits for
 * VMBus replies without a timeout.
 */
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../partition.h"
#include "channel.h"
#include "connection.h"
#include "gpadl_host.h"
#include "vmbus.h"

#define CREATE_TRACE_POINTS
#include "vmbus_trace.h"

/*
 * The versions the host speaks.  6.0 adds feature flags to INITIATE_CONTACT
 * and VERSION_RESPONSE: it goes here together with a parser for its
 * request, keyed on the version.
 */
static const u32 hvhost_vmbus_versions[] = {
	VMBUS_VERSION_WIN8,
	VMBUS_VERSION_WIN8_1,
	VMBUS_VERSION_WIN10,
	VMBUS_VERSION_WIN10_V4_1,
	VMBUS_VERSION_WIN10_V5,
	VMBUS_VERSION_WIN10_V5_1,
	VMBUS_VERSION_WIN10_V5_2,
	VMBUS_VERSION_WIN10_V5_3,
};

bool hvhost_vmbus_version_supported(u32 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvhost_vmbus_versions); i++)
		if (hvhost_vmbus_versions[i] == version)
			return true;
	return false;
}

/* Every message to the guest goes through here: traced, then queued. */
static void hvhost_vmbus_send_to(struct hvhost_vmbus *vb, u32 vp,
				 const void *msg, u32 size)
{
	const struct vmbus_msg_header *hdr = msg;

	trace_hvhost_vmbus_msg_out(vb, vp, hdr->msgtype, size);
	hvhost_msgq_send(&vb->q, vb->p, vp, msg, size);
}

/**
 * hvhost_vmbus_send() - queue a channel message to the guest
 * @vb: the connection.
 * @msg: the message, starting with struct vmbus_msg_header.
 * @size: its size.
 *
 * The message goes to the guest's INITIATE_CONTACT target vCPU, SINT 2.
 *
 * Context: process context, holds @vb->lock.
 */
void hvhost_vmbus_send(struct hvhost_vmbus *vb, const void *msg, u32 size)
{
	lockdep_assert_held(&vb->lock);
	hvhost_vmbus_send_to(vb, vb->target_vcpu, msg, size);
}

void hvhost_vmbus_bad_msg(struct hvhost_vmbus *vb, const char *why, u32 type)
{
	lockdep_assert_held(&vb->lock);
	vb->bad_msgs++;
	trace_hvhost_vmbus_msg_bad(vb, type, why);
	pr_debug_ratelimited("hvhost: vmbus message %u dropped: %s\n",
			     type, why);
}

void hvhost_vmbus_set_limits(struct hvhost_vmbus *vb,
			     const struct hvhost_vmbus_limits *limits)
{
	mutex_lock(&vb->lock);
	vb->limits = *limits;
	vb->gpadls.max_gpadls = limits->max_gpadls;
	vb->gpadls.max_pfns = limits->max_gpadl_pfns;
	mutex_lock(&vb->q.lock);
	vb->q.max = limits->max_queued_msgs;
	mutex_unlock(&vb->q.lock);
	mutex_unlock(&vb->lock);
}

static void hvhost_vmbus_version_response(struct hvhost_vmbus *vb, u32 vp,
					  bool ok, u32 msg_conn_id)
{
	struct vmbus_msg_version_response resp = {
		.header.msgtype = CHANNELMSG_VERSION_RESPONSE,
		.version_supported = ok,
		.connection_state = ok ? HVHOST_VMBUS_CONN_OK :
					 HVHOST_VMBUS_CONN_FAILED,
		.msg_conn_id = ok ? msg_conn_id : 0,
	};

	lockdep_assert_held(&vb->lock);
	hvhost_vmbus_send_to(vb, vp, &resp, sizeof(resp));
}

/* A page-aligned guest page, or 0 for "none". */
static bool hvhost_vmbus_page_ok(struct hvhost_vmbus *vb, u64 gpa)
{
	if (!gpa)
		return true;
	if (gpa & (HV_PAGE_SIZE - 1))
		return false;
	return !vb->p->ops->check(vb->p, gpa, HV_PAGE_SIZE);
}

static bool hvhost_vmbus_contact_ok(struct hvhost_vmbus *vb,
				    const struct vmbus_msg_initiate_contact *m)
{
	if (!hvhost_vmbus_version_supported(m->vmbus_version_requested))
		return false;
	if (m->target_vcpu >= vb->p->nr_vps)
		return false;
	if (m->vmbus_version_requested >= VMBUS_VERSION_WIN10_V5) {
		if (m->msg_sint != VMBUS_MESSAGE_SINT || m->msg_vtl != 0)
			return false;
	} else if (!hvhost_vmbus_page_ok(vb, m->interrupt_page)) {
		return false;
	}
	return hvhost_vmbus_page_ok(vb, m->monitor_page1) &&
	       hvhost_vmbus_page_ok(vb, m->monitor_page2);
}

/* Where a refusal of INITIATE_CONTACT goes: its target if valid, else vp 0. */
static u32 hvhost_vmbus_contact_vp(struct hvhost_vmbus *vb,
				   const struct vmbus_msg_initiate_contact *m)
{
	if (m->target_vcpu < vb->p->nr_vps)
		return m->target_vcpu;
	return vb->state == HVHOST_CONN_CONNECTED ? vb->target_vcpu : 0;
}

static void hvhost_vmbus_refuse_contact(struct hvhost_vmbus *vb,
					const void *msg)
{
	hvhost_vmbus_version_response(vb, hvhost_vmbus_contact_vp(vb, msg),
				      false, 0);
}

/*
 * INITIATE_CONTACT.  While connected it is refused and the connection stays
 * as it is: a guest must UNLOAD before it negotiates again (Linux does, also
 * from its crash path); a rebooting partition is reset by its transport.
 */
static void hvhost_vmbus_on_contact(struct hvhost_vmbus *vb, const void *msg,
				    u32 size)
{
	const struct vmbus_msg_initiate_contact *m = msg;
	u32 version = m->vmbus_version_requested;

	if (vb->state != HVHOST_CONN_DISCONNECTED ||
	    !hvhost_vmbus_contact_ok(vb, m)) {
		hvhost_vmbus_refuse_contact(vb, msg);
		return;
	}
	vb->state = HVHOST_CONN_CONNECTED;
	vb->version = version;
	vb->target_vcpu = m->target_vcpu;
	vb->msg_conn_id = version >= VMBUS_VERSION_WIN10_V5 ?
			  HVHOST_VMBUS_MSG_CONN_ID : VMBUS_MESSAGE_CONNECTION_ID;
	vb->interrupt_page = version >= VMBUS_VERSION_WIN10_V5 ?
			     0 : m->interrupt_page;
	vb->monitor_page1 = m->monitor_page1;
	vb->monitor_page2 = m->monitor_page2;
	/* msg_conn_id only exists from 5.0 on; zero before. */
	hvhost_vmbus_version_response(vb, vb->target_vcpu, true,
				      version >= VMBUS_VERSION_WIN10_V5 ?
				      vb->msg_conn_id : 0);
}

/* Back to DISCONNECTED: channels closed, GPADLs gone, queue empty. */
static void hvhost_vmbus_disconnect(struct hvhost_vmbus *vb)
{
	lockdep_assert_held(&vb->lock);
	hvhost_gpadl_host_forget_teardowns(vb);
	hvhost_chan_disconnect_all(vb);
	hvhost_msgq_purge(&vb->q);
	hvhost_gpadl_table_destroy(&vb->gpadls);
	hvhost_gpadl_table_init(&vb->gpadls, vb->limits.max_gpadls,
				vb->limits.max_gpadl_pfns);
	vb->state = HVHOST_CONN_DISCONNECTED;
	vb->version = 0;
	vb->offers_requested = false;
	vb->interrupt_page = 0;
	vb->monitor_page1 = 0;
	vb->monitor_page2 = 0;
}

static void hvhost_vmbus_on_unload(struct hvhost_vmbus *vb, const void *msg,
				   u32 size)
{
	struct vmbus_msg_unload resp = {
		.header.msgtype = CHANNELMSG_UNLOAD_RESPONSE,
	};

	hvhost_vmbus_disconnect(vb);
	hvhost_vmbus_send(vb, &resp, sizeof(resp));
}

/* No hvsock: every transport-layer connect request fails. */
static void hvhost_vmbus_on_tl_connect(struct hvhost_vmbus *vb,
				       const void *msg, u32 size)
{
	const struct vmbus_msg_tl_connect_request *m = msg;
	struct vmbus_msg_tl_connect_result resp = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_RESULT,
		.service_id = m->host_service_id,
		.endpoint_id = m->guest_endpoint_id,
		.status = HVHOST_VMBUS_STATUS_FAIL,
	};

	hvhost_vmbus_send(vb, &resp, sizeof(resp));
}

/**
 * struct hvhost_vmbus_handler - how one message type is handled
 * @handle: handles a message of at least @min_size bytes in a legal state.
 * @refuse: sends the failure reply for a short message (NULL: the type
 *	has no reply and is dropped).
 * @min_size: the size of the type's fixed part.
 * @disconnected: legal while disconnected.  Other types are dropped then:
 *	there is no connection and no target vCPU to answer on.
 */
struct hvhost_vmbus_handler {
	void (*handle)(struct hvhost_vmbus *vb, const void *msg, u32 size);
	void (*refuse)(struct hvhost_vmbus *vb, const void *msg);
	u32 min_size;
	bool disconnected;
};

static void hvhost_vmbus_refuse_tl_connect(struct hvhost_vmbus *vb,
					   const void *msg)
{
	hvhost_vmbus_on_tl_connect(vb, msg, 0);
}

static const struct hvhost_vmbus_handler hvhost_vmbus_handlers[] = {
	[CHANNELMSG_INITIATE_CONTACT] = {
		.handle = hvhost_vmbus_on_contact,
		.refuse = hvhost_vmbus_refuse_contact,
		.min_size = sizeof(struct vmbus_msg_initiate_contact),
		.disconnected = true,
	},
	[CHANNELMSG_REQUESTOFFERS] = {
		.handle = hvhost_chan_on_request_offers,
		.min_size = sizeof(struct vmbus_msg_header),
	},
	[CHANNELMSG_OPENCHANNEL] = {
		.handle = hvhost_chan_on_open,
		.refuse = hvhost_chan_refuse_open,
		.min_size = sizeof(struct vmbus_msg_open_channel),
	},
	[CHANNELMSG_CLOSECHANNEL] = {
		.handle = hvhost_chan_on_close,
		.min_size = sizeof(struct vmbus_msg_close_channel),
	},
	[CHANNELMSG_GPADL_HEADER] = {
		.handle = hvhost_gpadl_host_on_header,
		.refuse = hvhost_gpadl_host_refuse_header,
		.min_size = sizeof(struct vmbus_msg_gpadl_header),
	},
	[CHANNELMSG_GPADL_BODY] = {
		.handle = hvhost_gpadl_host_on_body,
		.refuse = hvhost_gpadl_host_refuse_body,
		.min_size = sizeof(struct vmbus_msg_gpadl_body),
	},
	[CHANNELMSG_GPADL_TEARDOWN] = {
		.handle = hvhost_gpadl_host_on_teardown,
		.refuse = hvhost_gpadl_host_refuse_teardown,
		.min_size = sizeof(struct vmbus_msg_gpadl_teardown),
	},
	[CHANNELMSG_RELID_RELEASED] = {
		.handle = hvhost_chan_on_relid_released,
		.min_size = sizeof(struct vmbus_msg_relid_released),
	},
	[CHANNELMSG_UNLOAD] = {
		.handle = hvhost_vmbus_on_unload,
		.min_size = sizeof(struct vmbus_msg_unload),
	},
	[CHANNELMSG_TL_CONNECT_REQUEST] = {
		.handle = hvhost_vmbus_on_tl_connect,
		.refuse = hvhost_vmbus_refuse_tl_connect,
		.min_size = sizeof(struct vmbus_msg_tl_connect_request),
	},
	[CHANNELMSG_MODIFYCHANNEL] = {
		.handle = hvhost_chan_on_modify,
		.refuse = hvhost_chan_refuse_modify,
		.min_size = sizeof(struct vmbus_msg_modify_channel),
	},
};

static void hvhost_vmbus_dispatch(struct hvhost_vmbus *vb, const void *msg,
				  u32 size)
{
	const struct vmbus_msg_header *hdr = msg;
	const struct hvhost_vmbus_handler *h;
	u32 type = hdr->msgtype;

	lockdep_assert_held(&vb->lock);
	if (type >= ARRAY_SIZE(hvhost_vmbus_handlers) ||
	    !hvhost_vmbus_handlers[type].handle) {
		hvhost_vmbus_bad_msg(vb, "unknown type", type);
		return;
	}
	h = &hvhost_vmbus_handlers[type];
	if (vb->state == HVHOST_CONN_DISCONNECTED && !h->disconnected) {
		hvhost_vmbus_bad_msg(vb, "not connected", type);
		return;
	}
	if (size < h->min_size) {
		hvhost_vmbus_bad_msg(vb, "short", type);
		if (h->refuse)
			h->refuse(vb, msg);
		return;
	}
	h->handle(vb, msg, size);
}

/*
 * The message connection ids: INITIATE_CONTACT comes on 4 for 5.0 and
 * later and on 1 before; everything else on the negotiated id.
 */
static bool hvhost_vmbus_conn_id_ok(struct hvhost_vmbus *vb, u32 conn_id,
				    const void *msg, u32 size)
{
	const struct vmbus_msg_initiate_contact *m = msg;

	lockdep_assert_held(&vb->lock);
	if (m->header.msgtype == CHANNELMSG_INITIATE_CONTACT &&
	    size >= offsetofend(typeof(*m), vmbus_version_requested)) {
		if (m->vmbus_version_requested >= VMBUS_VERSION_WIN10_V5)
			return conn_id == VMBUS_MESSAGE_CONNECTION_ID_4;
		return conn_id == VMBUS_MESSAGE_CONNECTION_ID;
	}
	if (vb->state == HVHOST_CONN_DISCONNECTED)
		return conn_id == VMBUS_MESSAGE_CONNECTION_ID ||
		       conn_id == VMBUS_MESSAGE_CONNECTION_ID_4;
	return conn_id == vb->msg_conn_id;
}

/**
 * hvhost_vmbus_post_message() - the guest's HvPostMessage to the VMBus
 * @vb: the connection.
 * @conn_id: the message connection id the guest posted to.
 * @msg_type: the SynIC message type; must be HV_MESSAGE_TYPE_VMBUS.
 * @payload: the payload, still in transport memory; read once here.
 * @size: payload bytes, 8 to HV_MESSAGE_PAYLOAD_BYTES.
 *
 * Protocol errors are answered in-protocol and still return success.
 *
 * Context: process context; may sleep.  Takes @vb->lock.
 * Return: the hypercall status: HV_STATUS_SUCCESS,
 * HV_STATUS_INVALID_PARAMETER for a bad type or size,
 * HV_STATUS_INVALID_CONNECTION_ID for a wrong connection id,
 * HV_STATUS_INSUFFICIENT_BUFFERS while the outgoing queue is full (the
 * guest retries).
 */
u16 hvhost_vmbus_post_message(struct hvhost_vmbus *vb, u32 conn_id,
			      u32 msg_type, const void *payload, u32 size)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	u16 status = HV_STATUS_SUCCESS;

	if (msg_type != HV_MESSAGE_TYPE_VMBUS ||
	    size < sizeof(struct vmbus_msg_header) ||
	    size > HV_MESSAGE_PAYLOAD_BYTES)
		return HV_STATUS_INVALID_PARAMETER;
	memcpy(buf, payload, size);

	mutex_lock(&vb->lock);
	if (!hvhost_vmbus_conn_id_ok(vb, conn_id, buf, size))
		status = HV_STATUS_INVALID_CONNECTION_ID;
	else if (hvhost_msgq_full(&vb->q))
		status = HV_STATUS_INSUFFICIENT_BUFFERS;
	else
		hvhost_vmbus_dispatch(vb, buf, size);
	mutex_unlock(&vb->lock);
	trace_hvhost_vmbus_msg_in(vb, conn_id,
				  ((struct vmbus_msg_header *)buf)->msgtype,
				  size, status);
	return status;
}

/**
 * hvhost_vmbus_signal() - the guest's HvSignalEvent to a channel
 * @vb: the connection.
 * @conn_id: the event connection id the guest signalled.
 *
 * Context: any, including atomic; takes no sleeping lock.
 * Return: true if @conn_id names a channel of this connection (kicked if
 * it is open), false for an id no channel has: the transport answers
 * HV_STATUS_INVALID_CONNECTION_ID and binds no eventfd for it.
 */
bool hvhost_vmbus_signal(struct hvhost_vmbus *vb, u32 conn_id)
{
	struct hvhost_channel *ch;
	u32 relid;

	if (conn_id < HVHOST_VMBUS_CHAN_CONN_ID_BASE + HVHOST_VMBUS_MIN_RELID ||
	    conn_id > HVHOST_VMBUS_CHAN_CONN_ID_BASE + HVHOST_VMBUS_MAX_RELID)
		return false;
	relid = conn_id - HVHOST_VMBUS_CHAN_CONN_ID_BASE;

	rcu_read_lock();
	ch = xa_load(&vb->relids, relid);
	if (ch && READ_ONCE(ch->kickable) && ch->ops->kick)
		ch->ops->kick(ch);
	rcu_read_unlock();
	return ch;
}

/**
 * hvhost_vmbus_msg_slot_free() - the guest emptied its message slot
 * @vb: the connection.
 *
 * Context: process context; must not be called from within post_msg.
 */
void hvhost_vmbus_msg_slot_free(struct hvhost_vmbus *vb)
{
	hvhost_msgq_flush(&vb->q, vb->p);
}

/**
 * hvhost_vmbus_reset() - the partition was reset
 * @vb: the connection.
 *
 * Closes every channel, forgets the guest's GPADLs and queued messages and
 * goes back to DISCONNECTED.  Channels stay offered for the next boot.
 *
 * Context: process context; may sleep.
 */
void hvhost_vmbus_reset(struct hvhost_vmbus *vb)
{
	mutex_lock(&vb->lock);
	hvhost_vmbus_disconnect(vb);
	mutex_unlock(&vb->lock);
}

/**
 * hvhost_vmbus_create() - create the VMBus host of a partition
 * @p: the partition, with its transport ops set.
 *
 * Return: the connection, or NULL without memory.
 */
struct hvhost_vmbus *hvhost_vmbus_create(struct hvhost_partition *p)
{
	struct hvhost_vmbus *vb;

	vb = kzalloc(sizeof(*vb), GFP_KERNEL_ACCOUNT);
	if (!vb)
		return NULL;
	vb->p = p;
	mutex_init(&vb->lock);
	vb->limits = hvhost_vmbus_default_limits();
	vb->state = HVHOST_CONN_DISCONNECTED;
	INIT_LIST_HEAD(&vb->channels);
	xa_init_flags(&vb->relids, XA_FLAGS_ALLOC);
	hvhost_gpadl_table_init(&vb->gpadls, vb->limits.max_gpadls,
				vb->limits.max_gpadl_pfns);
	hvhost_msgq_init(&vb->q, vb->limits.max_queued_msgs);
	return vb;
}

/**
 * hvhost_vmbus_destroy() - tear down the VMBus host of a partition
 * @vb: the connection, or NULL.
 *
 * Every channel is closed and freed; each VSP gets its @rescinded callback.
 * The transport has stopped calling in.
 *
 * Context: process context; may sleep.
 */
void hvhost_vmbus_destroy(struct hvhost_vmbus *vb)
{
	if (!vb)
		return;
	mutex_lock(&vb->lock);
	hvhost_vmbus_disconnect(vb);
	hvhost_chan_free_all(vb);
	mutex_unlock(&vb->lock);
	hvhost_gpadl_table_destroy(&vb->gpadls);
	hvhost_msgq_purge(&vb->q);
	xa_destroy(&vb->relids);
	mutex_destroy(&vb->lock);
	kfree(vb);
}

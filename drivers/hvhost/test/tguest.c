// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test guest: its memory, its message loop and its VMBus connection.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "tguest.h"
#include "tpart.h"
#include "vmbus/vmbus.h"

const u32 tguest_versions[TGUEST_NR_VERSIONS] = {
	VMBUS_VERSION_WIN10_V5_3,
	VMBUS_VERSION_WIN10_V5_2,
	VMBUS_VERSION_WIN10_V5_1,
	VMBUS_VERSION_WIN10_V5,
	VMBUS_VERSION_WIN10_V4_1,
	VMBUS_VERSION_WIN10,
	VMBUS_VERSION_WIN8_1,
	VMBUS_VERSION_WIN8,
};

/* Messages one tguest_poll() handles at most: a runaway host cannot hang it. */
#define TGUEST_POLL_BUDGET	4096

/**
 * tguest_alloc_pages() - allocate zeroed, contiguous guest pages
 * @g: the guest
 * @nr: pages
 *
 * Return: the guest physical address, or 0 if guest memory is exhausted
 * (page 0 is never handed out).
 */
u64 tguest_alloc_pages(struct tguest *g, u32 nr)
{
	unsigned long pfn;

	if (!nr)
		return 0;
	pfn = bitmap_find_next_zero_area(g->mem, g->tp->nr_pfns, 1, nr, 0);
	if (pfn >= g->tp->nr_pfns)
		return 0;
	bitmap_set(g->mem, pfn, nr);
	tpart_zero(g->tp, (u64)pfn << HV_PAGE_SHIFT, (size_t)nr << HV_PAGE_SHIFT);
	return (u64)pfn << HV_PAGE_SHIFT;
}

/**
 * tguest_free_pages() - free guest pages, zeroing them
 * @g: the guest
 * @gpa: what tguest_alloc_pages() returned
 * @nr: pages
 */
void tguest_free_pages(struct tguest *g, u64 gpa, u32 nr)
{
	if (!gpa || !nr)
		return;
	tpart_zero(g->tp, gpa, (size_t)nr << HV_PAGE_SHIFT);
	bitmap_clear(g->mem, gpa >> HV_PAGE_SHIFT, nr);
}

/**
 * tguest_post_raw() - HvPostMessage on any connection id
 * @g: the guest
 * @conn_id: connection id
 * @msg: VMBus message, starting with its struct vmbus_msg_header
 * @size: payload bytes
 *
 * Return: the host's hypercall status.
 */
u16 tguest_post_raw(struct tguest *g, u32 conn_id, const void *msg, u32 size)
{
	const struct vmbus_msg_header *hdr = msg;
	u16 status;

	if (size >= sizeof(*hdr))
		g->tx[hdr->msgtype < CHANNELMSG_COUNT ? hdr->msgtype : 0]++;
	status = hvhost_vmbus_post_message(tpart_vmbus(g->tp), conn_id,
					   HV_MESSAGE_TYPE_VMBUS, msg, size);
	g->last_status = status;
	if (status != HV_STATUS_SUCCESS)
		g->post_failures++;
	return status;
}

/**
 * tguest_post() - HvPostMessage on the connection's message connection id
 * @g: the guest
 * @msg: VMBus message
 * @size: payload bytes
 *
 * Return: the host's hypercall status.
 */
u16 tguest_post(struct tguest *g, const void *msg, u32 size)
{
	return tguest_post_raw(g, g->msg_conn_id, msg, size);
}

/**
 * tguest_find_relid() - the offer with a relid
 * @g: the guest
 * @relid: child relid
 *
 * Return: the channel or NULL.
 */
struct tguest_chan *tguest_find_relid(struct tguest *g, u32 relid)
{
	unsigned int i;

	for (i = 0; i < TGUEST_MAX_CHANNELS; i++)
		if (g->chans[i] && g->chans[i]->relid == relid)
			return g->chans[i];
	return NULL;
}

/**
 * tguest_find_class() - the first live offer of a device class
 * @g: the guest
 * @class: class GUID
 *
 * Return: the channel or NULL.
 */
struct tguest_chan *tguest_find_class(struct tguest *g, const guid_t *class)
{
	unsigned int i;

	for (i = 0; i < TGUEST_MAX_CHANNELS; i++)
		if (g->chans[i] && !g->chans[i]->rescinded &&
		    guid_equal(&g->chans[i]->offer.offer.if_type, class))
			return g->chans[i];
	return NULL;
}

static void tguest_on_offer(struct tguest *g, const void *payload, u32 size)
{
	const struct vmbus_msg_offer_channel *m = payload;
	struct tguest_chan *ch;
	unsigned int i;

	if (size < sizeof(*m) || tguest_find_relid(g, m->child_relid)) {
		g->bad_msgs++;
		return;
	}
	for (i = 0; i < TGUEST_MAX_CHANNELS && g->chans[i]; i++)
		;
	if (i == TGUEST_MAX_CHANNELS) {
		g->bad_msgs++;
		return;
	}
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch) {
		g->bad_msgs++;
		return;
	}
	ch->g = g;
	memcpy(&ch->offer, m, sizeof(*m));
	ch->relid = m->child_relid;
	ch->target_vp = g->vp;
	g->chans[i] = ch;
	g->nr_chans++;
}

static void tguest_on_rescind(struct tguest *g, const void *payload, u32 size)
{
	const struct vmbus_msg_rescind_offer *m = payload;
	struct tguest_chan *ch;

	ch = size >= sizeof(*m) ? tguest_find_relid(g, m->child_relid) : NULL;
	if (!ch || ch->rescinded) {
		g->bad_msgs++;
		return;
	}
	ch->rescinded = true;
}

static void tguest_on_open_result(struct tguest *g, const void *payload,
				  u32 size)
{
	const struct vmbus_msg_open_result *m = payload;
	struct tguest_chan *ch;

	ch = size >= sizeof(*m) ? tguest_find_relid(g, m->child_relid) : NULL;
	if (!ch || m->openid != ch->relid) {
		g->bad_msgs++;
		return;
	}
	ch->open_result = true;
	ch->open_status = m->status;
}

static void tguest_on_modify_response(struct tguest *g, const void *payload,
				      u32 size)
{
	const struct vmbus_msg_modify_channel_response *m = payload;
	struct tguest_chan *ch;

	ch = size >= sizeof(*m) ? tguest_find_relid(g, m->child_relid) : NULL;
	if (!ch) {
		g->bad_msgs++;
		return;
	}
	ch->modify_response = true;
	ch->modify_status = m->status;
}

static void tguest_on_gpadl_created(struct tguest *g, const void *payload,
				    u32 size)
{
	const struct vmbus_msg_gpadl_created *m = payload;

	if (size < sizeof(*m)) {
		g->bad_msgs++;
		return;
	}
	g->gpadl_created = true;
	g->created_relid = m->child_relid;
	g->created_gpadl = m->gpadl;
	g->created_status = m->creation_status;
}

static void tguest_on_gpadl_torndown(struct tguest *g, const void *payload,
				     u32 size)
{
	const struct vmbus_msg_gpadl_torndown *m = payload;

	if (size < sizeof(*m)) {
		g->bad_msgs++;
		return;
	}
	g->gpadl_torndown = true;
	g->torndown_gpadl = m->gpadl;
}

static void tguest_on_version(struct tguest *g, const void *payload, u32 size)
{
	const struct vmbus_msg_version_response *m = payload;

	if (size < sizeof(*m)) {
		g->bad_msgs++;
		return;
	}
	g->version_response = true;
	g->version_supported = m->version_supported;
	g->resp_conn_id = m->msg_conn_id;
}

static void tguest_dispatch(struct tguest *g, u32 type, const void *payload,
			    u32 size)
{
	switch (type) {
	case CHANNELMSG_OFFERCHANNEL:
		tguest_on_offer(g, payload, size);
		break;
	case CHANNELMSG_RESCIND_CHANNELOFFER:
		tguest_on_rescind(g, payload, size);
		break;
	case CHANNELMSG_ALLOFFERS_DELIVERED:
		g->offers_done = true;
		break;
	case CHANNELMSG_OPENCHANNEL_RESULT:
		tguest_on_open_result(g, payload, size);
		break;
	case CHANNELMSG_GPADL_CREATED:
		tguest_on_gpadl_created(g, payload, size);
		break;
	case CHANNELMSG_GPADL_TORNDOWN:
		tguest_on_gpadl_torndown(g, payload, size);
		break;
	case CHANNELMSG_VERSION_RESPONSE:
		tguest_on_version(g, payload, size);
		break;
	case CHANNELMSG_UNLOAD_RESPONSE:
		g->unloaded = true;
		break;
	case CHANNELMSG_MODIFYCHANNEL_RESPONSE:
		tguest_on_modify_response(g, payload, size);
		break;
	case CHANNELMSG_TL_CONNECT_RESULT:
		break;
	default:
		g->bad_msgs++;
		break;
	}
}

static void tguest_handle_msg(struct tguest *g, const struct hv_message *msg)
{
	const struct vmbus_msg_header *hdr = (const void *)msg->payload;
	u32 size = msg->header.payload_size;
	u32 type;

	g->last = *msg;
	if (msg->header.message_type != HV_MESSAGE_TYPE_VMBUS ||
	    size < sizeof(*hdr) || size > HV_MESSAGE_PAYLOAD_BYTES) {
		g->bad_msgs++;
		return;
	}
	type = hdr->msgtype;
	g->log[g->nr_log++ % TGUEST_LOG_LEN] = type;
	g->rx[type < CHANNELMSG_COUNT ? type : 0]++;
	tguest_dispatch(g, type, msg->payload, size);
}

static void tguest_handle_event(struct tguest *g, u32 relid)
{
	struct tguest_chan *ch = tguest_find_relid(g, relid);

	if (!ch) {
		g->stray_events++;
		return;
	}
	ch->interrupts++;
	if (ch->on_interrupt)
		ch->on_interrupt(ch);
}

/**
 * tguest_poll() - the guest's SINT handler, run synchronously
 * @g: the guest
 *
 * Drains the VMBus message slot (copy out, clear, EOM if PENDING, then
 * handle, as vmbus_on_msg_dpc() does), then the channel event flags of
 * every VP, calling each channel's @on_interrupt.  Work is bounded.
 *
 * Return: the number of messages handled.
 */
int tguest_poll(struct tguest *g)
{
	struct hv_message msg;
	int n = 0, flag;
	u32 vp;

	while (n < TGUEST_POLL_BUDGET &&
	       tpart_msg_take(g->tp, g->vp, VMBUS_MESSAGE_SINT, &msg)) {
		tguest_handle_msg(g, &msg);
		n++;
	}
	for (vp = 0; vp < g->tp->part.nr_vps; vp++) {
		while ((flag = tpart_event_take(g->tp, vp, VMBUS_MESSAGE_SINT)) >= 0)
			tguest_handle_event(g, flag);
	}
	return n;
}

/**
 * tguest_connect_version() - one INITIATE_CONTACT, as vmbus_try_connection_id()
 * @g: the guest
 * @version: the version to request
 *
 * From 5.0 on the request goes to connection id 4 and names SINT 2; the
 * response's msg_conn_id is used afterwards.  Before 5.0 connection id 1
 * carries everything and the request names the interrupt page.
 *
 * Return: 0 if the host accepted, -ECONNREFUSED if it declined, -EIO if
 * the post failed, -ETIMEDOUT if no response arrived.
 */
int tguest_connect_version(struct tguest *g, u32 version)
{
	struct vmbus_msg_initiate_contact msg = {};
	bool v5 = version >= VMBUS_VERSION_WIN10_V5;

	msg.header.msgtype = CHANNELMSG_INITIATE_CONTACT;
	msg.vmbus_version_requested = version;
	msg.target_vcpu = g->vp;
	if (v5)
		msg.msg_sint = VMBUS_MESSAGE_SINT;
	else
		msg.interrupt_page = g->int_page;
	msg.monitor_page1 = g->monitor_pages;
	msg.monitor_page2 = g->monitor_pages + HV_PAGE_SIZE;

	g->msg_conn_id = v5 ? VMBUS_MESSAGE_CONNECTION_ID_4 :
			      VMBUS_MESSAGE_CONNECTION_ID;
	g->version_response = false;
	if (tguest_post(g, &msg, sizeof(msg)) != HV_STATUS_SUCCESS)
		return -EIO;
	tguest_poll(g);
	if (!g->version_response)
		return -ETIMEDOUT;
	if (!g->version_supported)
		return -ECONNREFUSED;
	g->version = version;
	if (v5)
		g->msg_conn_id = g->resp_conn_id;
	return 0;
}

/**
 * tguest_connect() - negotiate as vmbus_connect(): newest version first
 * @g: the guest
 *
 * Return: the negotiated version, or a negative error: -ETIMEDOUT if the
 * host did not answer, -EDOM if it accepted none.
 */
int tguest_connect(struct tguest *g)
{
	unsigned int i;
	int ret;

	for (i = 0; i < TGUEST_NR_VERSIONS; i++) {
		ret = tguest_connect_version(g, tguest_versions[i]);
		if (!ret)
			return tguest_versions[i];
		if (ret == -ETIMEDOUT)
			return ret;
	}
	return -EDOM;
}

/**
 * tguest_request_offers() - REQUESTOFFERS and collect the offers
 * @g: the guest
 *
 * Return: 0 once ALLOFFERS_DELIVERED arrived, -EIO or -ETIMEDOUT.
 */
int tguest_request_offers(struct tguest *g)
{
	struct vmbus_msg_header msg = { .msgtype = CHANNELMSG_REQUESTOFFERS };

	g->offers_done = false;
	if (tguest_post(g, &msg, sizeof(msg)) != HV_STATUS_SUCCESS)
		return -EIO;
	tguest_poll(g);
	return g->offers_done ? 0 : -ETIMEDOUT;
}

static void tguest_forget_chan(struct tguest *g, unsigned int i)
{
	struct tguest_chan *ch = g->chans[i];

	tguest_free_pages(g, ch->ring_gpa, ch->ring_pages);
	kfree(ch);
	g->chans[i] = NULL;
	g->nr_chans--;
}

/**
 * tguest_forget() - drop a channel the guest is done with
 * @ch: the channel; freed
 */
void tguest_forget(struct tguest_chan *ch)
{
	struct tguest *g = ch->g;
	unsigned int i;

	for (i = 0; i < TGUEST_MAX_CHANNELS; i++)
		if (g->chans[i] == ch)
			tguest_forget_chan(g, i);
}

static void tguest_reset(struct tguest *g)
{
	unsigned int i;

	for (i = 0; i < TGUEST_MAX_CHANNELS; i++)
		if (g->chans[i])
			tguest_forget_chan(g, i);
	g->version = 0;
	g->offers_done = false;
	g->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID;
}

/**
 * tguest_unload() - UNLOAD, as vmbus_initiate_unload()
 * @g: the guest
 *
 * Hosts before 3.0 do not support reconnecting and get no UNLOAD.  The
 * guest forgets its channels afterwards, as a kexec'd kernel would.
 *
 * Return: 0 once UNLOAD_RESPONSE arrived, -EIO or -ETIMEDOUT.
 */
int tguest_unload(struct tguest *g)
{
	struct vmbus_msg_unload msg = {
		.header.msgtype = CHANNELMSG_UNLOAD,
	};

	if (g->version < VMBUS_VERSION_WIN8_1) {
		tguest_reset(g);
		return 0;
	}
	g->unloaded = false;
	if (tguest_post(g, &msg, sizeof(msg)) != HV_STATUS_SUCCESS)
		return -EIO;
	tguest_poll(g);
	if (!g->unloaded)
		return -ETIMEDOUT;
	tguest_reset(g);
	return 0;
}

/**
 * tguest_create() - a disconnected guest on a partition
 * @tp: the partition, with its VMBus host attached
 *
 * Return: the guest or NULL.
 */
struct tguest *tguest_create(struct tpart *tp)
{
	struct tguest *g;

	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return NULL;
	g->tp = tp;
	g->next_gpadl = TGUEST_FIRST_GPADL;
	g->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID;
	g->mem = bitmap_zalloc(tp->nr_pfns, GFP_KERNEL);
	if (!g->mem)
		goto err_free_g;
	bitmap_set(g->mem, 0, 1);
	g->int_page = tguest_alloc_pages(g, 1);
	g->monitor_pages = tguest_alloc_pages(g, 2);
	if (!g->int_page || !g->monitor_pages)
		goto err_free_mem;
	return g;

err_free_mem:
	bitmap_free(g->mem);
err_free_g:
	kfree(g);
	return NULL;
}

/**
 * tguest_destroy() - free the guest's own state
 * @g: the guest, or NULL
 *
 * Sends nothing to the host; guest memory stays with the partition.
 */
void tguest_destroy(struct tguest *g)
{
	unsigned int i;

	if (!g)
		return;
	for (i = 0; i < TGUEST_MAX_CHANNELS; i++)
		kfree(g->chans[i]);
	bitmap_free(g->mem);
	kfree(g);
}

KUNIT_DEFINE_ACTION_WRAPPER(tguest_destroy_action, tguest_destroy,
			    struct tguest *);

/**
 * tguest_create_kunit() - a guest freed when @test ends
 * @test: the test
 * @tp: the partition; created before the guest, so destroyed after it
 *
 * Return: the guest; the test fails if it cannot be created.
 */
struct tguest *tguest_create_kunit(struct kunit *test, struct tpart *tp)
{
	struct tguest *g = tguest_create(tp);

	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, tguest_destroy_action, g));
	return g;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the VMBus control plane: connection.c, channel.c,
 * gpadl_host.c, msgqueue.c with gpadl.c, gpadl_map.c, limits.c and ring.c
 * as they are.
 *
 * A fake transport (a few MiB of guest memory; check/pin/unpin over it;
 * a one-message SynIC slot that the guest empties by EOM or at once, and
 * that can refuse with -EAGAIN or fail hard; signal_event) and two fake
 * VSPs that count their callbacks.  A hostile guest posts every message
 * type, raw or built to walk the state machine; the host offers, offers
 * subchannels, rescinds, maps and unmaps GPADLs for its VSPs, signals,
 * resets, all interleaved.
 *
 * Every message the host produces is seen twice: when it is queued
 * (hvhost_msgq_send() is wrapped with the linker's --wrap) and when the
 * transport takes it.  Oracles:
 *   - the hypercall status of each post is the predicted one;
 *   - each request gets exactly the replies the protocol defines (one
 *     VERSION_RESPONSE, OPENCHANNEL_RESULT echoing relid and openid, one
 *     GPADL_CREATED once a GPADL completes or fails, one GPADL_TORNDOWN per
 *     teardown, now or once the last use ends, one UNLOAD_RESPONSE, ...)
 *     and nothing else;
 *   - messages reach the slot in the order queued, byte for byte, and all
 *     queued ones are delivered unless UNLOAD/reset purged them;
 *   - every ring set up lies inside the ring GPADL's mapping;
 *   - the queue stays within its cap plus the one burst a single request
 *     or host call may add;
 *   - VSP callbacks come in order (open, kick only while open, close only
 *     after a successful open, rescinded once, last);
 *   - after destroy nothing is pinned or mapped and every channel heard
 *     @rescinded; ASan/UBSan/LeakSanitizer and the mutex/RCU shims catch
 *     the rest (a WARN_ON aborts).
 *
 * Input: u8 config (nr_vps, limits), u8 limits knob, then operations; see
 * fuzz_op() for each opcode's arguments.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "fuzz.h"
#include "partition.h"
#include "channel.h"
#include "connection.h"
#include "gpadl_host.h"
#include "vmbus.h"

#define MAX_OPS		400
#define GUEST_PAGES	1024u
#define PAGE		4096u
#define NR_SLOTS	16
#define NR_MAPS		4
#define LOG_MAX		4096

static u8 *guest_mem;

struct fake_map {
	bool used;
	u32 id;
	struct hvhost_gpadl_map m;
};

/* One channel as its VSP knows it. */
struct slot {
	bool used;		/* a channel was created here */
	bool dead;		/* host rescinded it: the handle is gone */
	bool freed;		/* @rescinded was called */
	bool open;		/* between a successful @open and @close */
	int primary;		/* slot of the primary, or -1 */
	int vsp;
	u32 relid;
	u16 sub_index;
	struct hvhost_channel *ch;
	struct fake_map maps[NR_MAPS];
};

/* A message as queued, kept until the transport takes it. */
struct logged {
	u32 vp;
	u32 size;
	u8 payload[HV_MESSAGE_PAYLOAD_BYTES];
};

static struct state {
	struct hvhost_partition p;
	struct hvhost_vmbus *vb;
	long pinned;
	/* SynIC slot */
	bool slot_full;
	bool auto_eom;
	u8 eagain_every;	/* refuse every Nth post with -EAGAIN (0: no) */
	u8 eio_every;		/* fail every Nth post hard (0: never) */
	u32 posts;
	/* queued, not yet taken: a FIFO of copies */
	struct logged *fifo;
	u32 fifo_head, fifo_len;
	/* produced during the current call */
	struct logged *gen;
	u32 nr_gen;
	/* model */
	bool connected;
	bool offers_requested;
	u32 version;
	bool offered[HVHOST_VMBUS_MAX_RELID + 1];
	u32 td[512];		/* gpadl ids with a deferred teardown */
	u32 nr_td;
	u32 host_burst;		/* messages queued by host calls since empty */
	struct slot slots[NR_SLOTS];
	int vsp_open_ret[2];
	bool in_cb;
	u32 rescinded_calls;
	u32 created;
	u32 dirty[MAX_OPS];	/* guest pages poked, zeroed when done */
	u32 nr_dirty;
} S;

/* ---- the transport ---------------------------------------------------- */

static int t_read(struct hvhost_partition *p, u64 gpa, void *buf, size_t len)
{
	if (gpa > (u64)GUEST_PAGES * PAGE || len > (u64)GUEST_PAGES * PAGE - gpa)
		return -EFAULT;
	memcpy(buf, guest_mem + gpa, len);
	return 0;
}

static int t_write(struct hvhost_partition *p, u64 gpa, const void *buf,
		   size_t len)
{
	if (gpa > (u64)GUEST_PAGES * PAGE || len > (u64)GUEST_PAGES * PAGE - gpa)
		return -EFAULT;
	memcpy(guest_mem + gpa, buf, len);
	return 0;
}

static int t_check(struct hvhost_partition *p, u64 gpa, u64 len)
{
	if (gpa > (u64)GUEST_PAGES * PAGE || len > (u64)GUEST_PAGES * PAGE - gpa)
		return -EFAULT;
	return 0;
}

static int t_pin(struct hvhost_partition *p, const u64 *pfns, unsigned int n,
		 struct page **pages)
{
	unsigned int i;

	CHECK(!S.in_cb);
	CHECK(n > 0);
	for (i = 0; i < n; i++)
		if (pfns[i] >= GUEST_PAGES)
			return -EFAULT;
	for (i = 0; i < n; i++)
		pages[i] = (struct page *)(guest_mem + pfns[i] * PAGE);
	S.pinned += n;
	return 0;
}

static void t_unpin(struct hvhost_partition *p, struct page **pages,
		    unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u8 *a = (u8 *)pages[i];

		CHECK(a >= guest_mem && a < guest_mem + GUEST_PAGES * PAGE);
		CHECK((size_t)(a - guest_mem) % PAGE == 0);
	}
	S.pinned -= n;
	CHECK(S.pinned >= 0);
}

static int t_post_msg(struct hvhost_partition *p, u32 vp, u8 sint,
		      const struct hv_message *msg)
{
	struct logged *l;
	int ret = 0;

	CHECK(sint == VMBUS_MESSAGE_SINT);
	CHECK(vp < p->nr_vps);
	CHECK(msg->header.message_type == HV_MESSAGE_TYPE_VMBUS);
	CHECK(msg->header.payload_size <= HV_MESSAGE_PAYLOAD_BYTES);
	if (S.slot_full)
		return -EAGAIN;
	S.posts++;
	if (S.eagain_every && S.posts % S.eagain_every == 0)
		return -EAGAIN;
	if (S.eio_every && S.posts % S.eio_every == 0)
		ret = -EIO;

	/* FIFO order, byte for byte, zero beyond the payload. */
	CHECK(S.fifo_len > 0);
	l = &S.fifo[S.fifo_head];
	CHECK(l->vp == vp);
	CHECK(l->size == msg->header.payload_size);
	CHECK(!memcmp(l->payload, msg->payload, l->size));
	for (u32 i = l->size; i < HV_MESSAGE_PAYLOAD_BYTES; i++)
		CHECK(!msg->payload[i]);
	S.fifo_head = (S.fifo_head + 1) % LOG_MAX;
	S.fifo_len--;
	if (!ret && !S.auto_eom)
		S.slot_full = true;
	return ret;
}

static int t_signal_event(struct hvhost_partition *p, u32 vp, u8 sint,
			  u32 flag)
{
	CHECK(sint == VMBUS_MESSAGE_SINT);
	CHECK(vp < p->nr_vps);
	CHECK(flag >= HVHOST_VMBUS_MIN_RELID && flag <= HVHOST_VMBUS_MAX_RELID);
	return 0;
}

static const struct hvhost_transport_ops t_ops = {
	.read = t_read,
	.write = t_write,
	.check = t_check,
	.pin = t_pin,
	.unpin = t_unpin,
	.post_msg = t_post_msg,
	.signal_event = t_signal_event,
};

/* Every queued message passes here first (-Wl,--wrap=hvhost_msgq_send). */
void __wrap_hvhost_msgq_send(struct hvhost_msgq *q, struct hvhost_partition *p,
			     u32 vp, const void *msg, u32 size)
{
	struct logged *l;

	CHECK(size >= sizeof(struct vmbus_msg_header));
	CHECK(size <= HV_MESSAGE_PAYLOAD_BYTES);
	CHECK(S.nr_gen < LOG_MAX && S.fifo_len < LOG_MAX);
	l = &S.gen[S.nr_gen++];
	l->vp = vp;
	l->size = size;
	memcpy(l->payload, msg, size);
	/* The queue copies it only if its allocation succeeds. */
	if (!fuzz_alloc_fail_in || fuzz_alloc_fail_in > 1) {
		S.fifo[(S.fifo_head + S.fifo_len) % LOG_MAX] = *l;
		S.fifo_len++;
	}
	__real_hvhost_msgq_send(q, p, vp, msg, size);
}

/* UNLOAD, reset and destroy drop what is queued. */
void __wrap_hvhost_msgq_purge(struct hvhost_msgq *q)
{
	S.fifo_len = 0;
	__real_hvhost_msgq_purge(q);
}

/*
 * A ring the host sets up lies wholly inside the mapping just made for it
 * (the ring GPADL's), whatever offsets the guest sent.
 */
static void check_ring_inside_map(const void *base, size_t len)
{
	const u8 *b = base, *m = fuzz_vmap_last;

	CHECK(fuzz_vmaps > 0 && m);
	CHECK(b >= m && b <= m + fuzz_vmap_last_len);
	CHECK(len <= fuzz_vmap_last_len - (size_t)(b - m));
}

int __wrap_hvhost_ring_init_in(struct hvhost_ring *r, void *base, size_t len)
{
	check_ring_inside_map(base, len);
	return __real_hvhost_ring_init_in(r, base, len);
}

int __wrap_hvhost_ring_init_out(struct hvhost_ring *r, void *base, size_t len)
{
	check_ring_inside_map(base, len);
	return __real_hvhost_ring_init_out(r, base, len);
}

/* ---- the VSPs ----------------------------------------------------------- */

static struct slot *slot_of(struct hvhost_channel *ch)
{
	for (int i = 0; i < NR_SLOTS; i++)
		if (S.slots[i].used && !S.slots[i].freed && S.slots[i].ch == ch)
			return &S.slots[i];
	CHECK(0);
	return NULL;
}

static int vsp_open(struct hvhost_channel *ch, const u8 *userdata)
{
	struct slot *s = slot_of(ch);
	int vsp = (int)(uintptr_t)hvhost_channel_priv(ch);

	CHECK(vsp == s->vsp);
	CHECK(!s->open && !s->dead);
	CHECK(hvhost_channel_relid(ch) == s->relid);
	CHECK(hvhost_channel_in(ch)->hdr && hvhost_channel_out(ch)->hdr);
	S.in_cb = true;
	CHECK(!hvhost_channel_signal(ch));
	S.in_cb = false;
	if (S.vsp_open_ret[vsp])
		return S.vsp_open_ret[vsp];
	s->open = true;
	return 0;
}

static void vsp_close(struct hvhost_channel *ch)
{
	struct slot *s = slot_of(ch);

	CHECK(s->open);
	s->open = false;
	/* What the VSP still has mapped, the host unmaps after this. */
	memset(s->maps, 0, sizeof(s->maps));
}

static void vsp_kick(struct hvhost_channel *ch)
{
	struct slot *s = slot_of(ch);

	CHECK(s->open);
}

static void vsp_rescinded(struct hvhost_channel *ch)
{
	struct slot *s = slot_of(ch);

	CHECK(!s->open);
	s->freed = true;
	s->dead = true;
	S.rescinded_calls++;
}

static const struct hvhost_vsp_ops vsp_ops[2] = {
	{ .open = vsp_open, .close = vsp_close, .kick = vsp_kick,
	  .rescinded = vsp_rescinded },
	{ .open = vsp_open, .close = vsp_close, .kick = vsp_kick,
	  .rescinded = vsp_rescinded },
};

/* ---- checking what a call produced --------------------------------------- */

static u32 gen_type(u32 i)
{
	return ((struct vmbus_msg_header *)S.gen[i].payload)->msgtype;
}

static u32 gen_u32(u32 i, size_t off)
{
	u32 v;

	memcpy(&v, S.gen[i].payload + off, sizeof(v));
	return v;
}

static bool td_del(u32 id)
{
	for (u32 i = 0; i < S.nr_td; i++) {
		if (S.td[i] == id) {
			S.td[i] = S.td[--S.nr_td];
			return true;
		}
	}
	return false;
}

static void td_add(u32 id)
{
	if (td_del(id))
		;	/* a repeat while pending: still one answer */
	CHECK(S.nr_td < ARRAY_SIZE(S.td));
	S.td[S.nr_td++] = id;
}

/* Messages any call may produce: deferred teardowns, rescinds, offers. */
static void note_generic(u32 i, bool host_call)
{
	u32 type = gen_type(i);
	u32 id, relid;

	switch (type) {
	case CHANNELMSG_GPADL_TORNDOWN:
		id = gen_u32(i, offsetof(struct vmbus_msg_gpadl_torndown, gpadl));
		CHECK(td_del(id));
		break;
	case CHANNELMSG_RESCIND_CHANNELOFFER:
		CHECK(host_call);
		relid = gen_u32(i, offsetof(struct vmbus_msg_rescind_offer,
					    child_relid));
		CHECK(relid <= HVHOST_VMBUS_MAX_RELID && S.offered[relid]);
		break;
	case CHANNELMSG_OFFERCHANNEL:
		CHECK(host_call && S.offers_requested);
		relid = gen_u32(i, offsetof(struct vmbus_msg_offer_channel,
					    child_relid));
		CHECK(relid >= HVHOST_VMBUS_MIN_RELID &&
		      relid <= HVHOST_VMBUS_MAX_RELID && !S.offered[relid]);
		CHECK(gen_u32(i, offsetof(struct vmbus_msg_offer_channel,
					  connection_id)) ==
		      HVHOST_VMBUS_CHAN_CONN_ID_BASE + relid);
		S.offered[relid] = true;
		break;
	default:
		CHECK(0);
	}
}

static u32 qlen(void)
{
	return hvhost_msgq_len(&S.vb->q);
}

/* The queue: never above its cap plus what one call may add at once. */
static void check_queue(void)
{
	u32 len = qlen();

	CHECK(len == S.fifo_len);
	if (!len)
		S.host_burst = 0;
	CHECK(len <= S.vb->q.max + S.vb->limits.max_channels + 1 + NR_MAPS +
	      S.host_burst);
}

static void host_call_done(void)
{
	for (u32 i = 0; i < S.nr_gen; i++)
		note_generic(i, true);
	S.host_burst += S.nr_gen;
	S.nr_gen = 0;
	check_queue();
}

static void purge_model(void)
{
	memset(S.offered, 0, sizeof(S.offered));
	S.nr_td = 0;
	S.connected = false;
	S.offers_requested = false;
	S.version = 0;
}

/* ---- the guest ---------------------------------------------------------- */

static u32 model_msg_conn_id(void)
{
	return S.version >= VMBUS_VERSION_WIN10_V5 ?
	       VMBUS_MESSAGE_CONNECTION_ID_4 : VMBUS_MESSAGE_CONNECTION_ID;
}

static bool gpadl_state(u32 id, bool *complete, unsigned int *users)
{
	struct hvhost_gpadl *g;

	mutex_lock(&S.vb->lock);
	g = hvhost_gpadl_find(&S.vb->gpadls, id);
	if (g) {
		*complete = g->complete;
		*users = g->users;
	}
	mutex_unlock(&S.vb->lock);
	return g;
}

static u32 live_offers(void)
{
	u32 n = 0;

	for (int i = 0; i < NR_SLOTS; i++)
		if (S.slots[i].used && !S.slots[i].dead)
			n++;
	return n;
}

/*
 * Post one message as the guest and check the status and the replies.
 * @buf holds HV_MESSAGE_PAYLOAD_BYTES, zero beyond @size.
 */
static void guest_post(u32 conn_id, u32 msg_type, u8 *buf, u32 size)
{
	const struct vmbus_msg_header *h = (void *)buf;
	u32 type = size >= 4 ? h->msgtype : 0;
	u16 want = HV_STATUS_SUCCESS, st;
	bool connected = S.connected;
	u32 id = 0, relid = 0, want_conn;
	bool g_before = false, g_after, g_complete = false, g_complete2 = false;
	unsigned int g_users = 0, g_users2 = 0;
	u32 old_len = qlen();
	u32 n_created = 0, n_other = 0, i;
	u32 n_offers = 0, live = live_offers();
	bool had_requested = S.offers_requested;

	/* The host sees zeroes past @size, and so does the oracle. */
	if (size < HV_MESSAGE_PAYLOAD_BYTES)
		memset(buf + size, 0, HV_MESSAGE_PAYLOAD_BYTES - size);
	if (msg_type != HV_MESSAGE_TYPE_VMBUS || size < 8 ||
	    size > HV_MESSAGE_PAYLOAD_BYTES) {
		want = HV_STATUS_INVALID_PARAMETER;
	} else {
		if (type == CHANNELMSG_INITIATE_CONTACT && size >= 12)
			want_conn = ((struct vmbus_msg_initiate_contact *)buf)
				->vmbus_version_requested >=
				VMBUS_VERSION_WIN10_V5 ? 4 : 1;
		else if (!connected)
			want_conn = conn_id == 4 ? 4 : 1;
		else
			want_conn = model_msg_conn_id();
		if (conn_id != want_conn)
			want = HV_STATUS_INVALID_CONNECTION_ID;
		else if (old_len >= S.vb->q.max)
			want = HV_STATUS_INSUFFICIENT_BUFFERS;
	}
	if (type == CHANNELMSG_GPADL_HEADER || type == CHANNELMSG_GPADL_BODY ||
	    type == CHANNELMSG_GPADL_TEARDOWN) {
		size_t off = type == CHANNELMSG_GPADL_BODY ?
			offsetof(struct vmbus_msg_gpadl_body, gpadl) :
			offsetof(struct vmbus_msg_gpadl_header, gpadl);

		memcpy(&id, buf + off, 4);
		g_before = gpadl_state(id, &g_complete, &g_users);
	}
	memcpy(&relid, buf + 8, 4);

	S.nr_gen = 0;
	st = hvhost_vmbus_post_message(S.vb, conn_id, msg_type, buf, size);
	CHECK(st == want);

	if (st != HV_STATUS_SUCCESS ||
	    (!connected && type != CHANNELMSG_INITIATE_CONTACT)) {
		CHECK(S.nr_gen == 0);
		check_queue();
		return;
	}

	switch (type) {
	case CHANNELMSG_INITIATE_CONTACT:
		CHECK(S.nr_gen == 1);
		CHECK(gen_type(0) == CHANNELMSG_VERSION_RESPONSE);
		if (S.gen[0].payload[8]) {	/* version_supported */
			CHECK(!connected);
			CHECK(size >= sizeof(struct vmbus_msg_initiate_contact));
			S.connected = true;
			S.version = ((struct vmbus_msg_initiate_contact *)buf)
				->vmbus_version_requested;
			CHECK(hvhost_vmbus_version_supported(S.version));
			CHECK(gen_u32(0, offsetof(struct vmbus_msg_version_response,
						  msg_conn_id)) ==
			      (S.version >= VMBUS_VERSION_WIN10_V5 ? 4 : 0));
		}
		break;
	case CHANNELMSG_REQUESTOFFERS:
		CHECK(S.nr_gen >= 1);
		CHECK(gen_type(S.nr_gen - 1) == CHANNELMSG_ALLOFFERS_DELIVERED);
		S.offers_requested = true;
		for (i = 0; i + 1 < S.nr_gen; i++) {
			CHECK(gen_type(i) == CHANNELMSG_OFFERCHANNEL);
			note_generic(i, true);
			n_offers++;
		}
		CHECK(n_offers == (had_requested ? 0 : live));
		break;
	case CHANNELMSG_OPENCHANNEL:
		CHECK(S.nr_gen == 1);
		CHECK(gen_type(0) == CHANNELMSG_OPENCHANNEL_RESULT);
		CHECK(!memcmp(S.gen[0].payload + 8, buf + 8, 8));
		if (!gen_u32(0, offsetof(struct vmbus_msg_open_result, status))) {
			bool found = false;

			for (i = 0; i < NR_SLOTS; i++)
				if (S.slots[i].used && !S.slots[i].freed &&
				    S.slots[i].relid == relid) {
					CHECK(S.slots[i].open);
					found = true;
				}
			CHECK(found && S.offered[relid]);
		}
		break;
	case CHANNELMSG_GPADL_HEADER:
	case CHANNELMSG_GPADL_BODY:
		g_after = gpadl_state(id, &g_complete2, &g_users2);
		for (i = 0; i < S.nr_gen; i++) {
			if (gen_type(i) == CHANNELMSG_GPADL_CREATED) {
				CHECK(gen_u32(i, offsetof(struct vmbus_msg_gpadl_created,
							  gpadl)) == id);
				n_created++;
			} else {
				n_other++;
			}
		}
		CHECK(n_created + n_other == S.nr_gen && n_other == 0);
		if (type == CHANNELMSG_GPADL_HEADER) {
			/* Waits for bodies, or answered now. */
			if (g_after && !g_complete2 && !g_before)
				CHECK(n_created == 0);
			else
				CHECK(n_created == 1);
			if (g_before)
				CHECK(g_after && g_complete2 == g_complete);
		} else if (g_before && !g_complete) {
			CHECK(n_created == (g_after && !g_complete2 ? 0 : 1));
		} else {
			CHECK(n_created == 0);
		}
		if (n_created && !gen_u32(0, offsetof(struct vmbus_msg_gpadl_created,
						      creation_status)))
			CHECK(g_after && g_complete2);
		break;
	case CHANNELMSG_GPADL_TEARDOWN:
		if (size < sizeof(struct vmbus_msg_gpadl_teardown) || !g_before ||
		    !g_users) {
			CHECK(S.nr_gen == 1);
			CHECK(gen_type(0) == CHANNELMSG_GPADL_TORNDOWN);
			CHECK(gen_u32(0, 8) == id);
			if (size >= sizeof(struct vmbus_msg_gpadl_teardown))
				CHECK(!gpadl_state(id, &g_complete2, &g_users2));
		} else {
			CHECK(S.nr_gen == 0);
			td_add(id);
		}
		break;
	case CHANNELMSG_UNLOAD:
		CHECK(S.nr_gen == 1);
		CHECK(gen_type(0) == CHANNELMSG_UNLOAD_RESPONSE);
		for (i = 0; i < NR_SLOTS; i++)
			CHECK(!S.slots[i].open);
		purge_model();
		break;
	case CHANNELMSG_TL_CONNECT_REQUEST:
		CHECK(S.nr_gen == 1);
		CHECK(gen_type(0) == CHANNELMSG_TL_CONNECT_RESULT);
		CHECK(gen_u32(0, offsetof(struct vmbus_msg_tl_connect_result,
					  status)) == HVHOST_VMBUS_STATUS_FAIL);
		break;
	case CHANNELMSG_MODIFYCHANNEL:
		CHECK(S.nr_gen == (S.version >= VMBUS_VERSION_WIN10_V5_3));
		if (S.nr_gen)
			CHECK(gen_type(0) == CHANNELMSG_MODIFYCHANNEL_RESPONSE &&
			      gen_u32(0, 8) == relid);
		break;
	case CHANNELMSG_CLOSECHANNEL:
	case CHANNELMSG_RELID_RELEASED:
		for (i = 0; i < S.nr_gen; i++)
			note_generic(i, false);
		if (type == CHANNELMSG_RELID_RELEASED &&
		    size >= sizeof(struct vmbus_msg_relid_released) &&
		    relid <= HVHOST_VMBUS_MAX_RELID)
			S.offered[relid] = false;
		break;
	default:
		CHECK(S.nr_gen == 0);
	}
	S.nr_gen = 0;
	check_queue();
}

/* ---- operations ---------------------------------------------------------- */

static int pick_slot(u8 b, bool live)
{
	for (int k = 0; k < NR_SLOTS; k++) {
		int i = (b + k) % NR_SLOTS;

		if (S.slots[i].used && (!live || !S.slots[i].dead))
			return i;
	}
	return -1;
}

/* A relid: a known channel's (maybe stale), or any value. */
static u32 in_relid(struct fuzz_input *in)
{
	u8 b = in_u8(in);
	int i;

	if (b & 0x80)
		return b == 0xff ? in_u32(in) : b & 0x7f;
	i = pick_slot(b, false);
	return i < 0 ? b : S.slots[i].relid;
}

static u32 in_conn_id(struct fuzz_input *in, u32 type, u8 *buf)
{
	u8 sel = in_u8(in);

	switch (sel & 7) {
	case 1:
		return VMBUS_MESSAGE_CONNECTION_ID;
	case 2:
		return VMBUS_MESSAGE_CONNECTION_ID_4;
	case 3:
		return in_u32(in);
	default:
		if (type == CHANNELMSG_INITIATE_CONTACT)
			return ((struct vmbus_msg_initiate_contact *)buf)
				->vmbus_version_requested >=
				VMBUS_VERSION_WIN10_V5 ? 4 : 1;
		return S.connected ? model_msg_conn_id() : 1;
	}
}

static void post_built(struct fuzz_input *in, u8 *buf, u32 size)
{
	u32 type = ((struct vmbus_msg_header *)buf)->msgtype;

	guest_post(in_conn_id(in, type, buf), HV_MESSAGE_TYPE_VMBUS, buf, size);
}

static void op_raw(struct fuzz_input *in)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	u8 type = in_u8(in), len = in_u8(in), sel = in_u8(in);
	u32 msg_type = sel & 0x80 ? in_u32(in) : HV_MESSAGE_TYPE_VMBUS;
	u32 size = len;

	if (size > HV_MESSAGE_PAYLOAD_BYTES && !(sel & 0x40))
		size %= HV_MESSAGE_PAYLOAD_BYTES + 1;
	in_bytes(in, buf, size < sizeof(buf) ? size : sizeof(buf));
	buf[0] = type % 26;
	memset(buf + 1, 0, 3);
	if (sel & 0x20)
		memcpy(buf + 8, (u32[]){ in_relid(in) }, 4);
	if (size > HV_MESSAGE_PAYLOAD_BYTES) {
		/* Too long: the transport must not copy it. */
		u8 *big = calloc(1, size);

		memcpy(big, buf, sizeof(buf));
		guest_post(in_conn_id(in, buf[0], buf), msg_type, big, size);
		free(big);
		return;
	}
	guest_post(in_conn_id(in, buf[0], buf), msg_type, buf, size);
}

static const u32 versions[] = {
	VMBUS_VERSION_WIN8, VMBUS_VERSION_WIN8_1, VMBUS_VERSION_WIN10,
	VMBUS_VERSION_WIN10_V4_1, VMBUS_VERSION_WIN10_V5,
	VMBUS_VERSION_WIN10_V5_1, VMBUS_VERSION_WIN10_V5_2,
	VMBUS_VERSION_WIN10_V5_3, VMBUS_VERSION(6, 0), VMBUS_VERSION(1, 1),
};

static u64 in_page(struct fuzz_input *in, u8 sel)
{
	switch (sel & 3) {
	case 0:
		return 0;
	case 1:
		return (u64)(in_u16(in) % GUEST_PAGES) * PAGE;
	case 2:
		return (u64)in_u16(in) * PAGE + (in_u8(in) & 1 ? 8 : 0);
	default:
		return (u64)in_u32(in) << 12 | in_u16(in);
	}
}

static void op_contact(struct fuzz_input *in)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_initiate_contact *m = (void *)buf;
	u8 v = in_u8(in), sel = in_u8(in);

	m->header.msgtype = CHANNELMSG_INITIATE_CONTACT;
	m->vmbus_version_requested = versions[v % ARRAY_SIZE(versions)];
	m->target_vcpu = sel & 0x80 ? in_u32(in) : (sel >> 4) & 3;
	if (m->vmbus_version_requested >= VMBUS_VERSION_WIN10_V5 &&
	    !(sel & 0x40)) {
		m->msg_sint = VMBUS_MESSAGE_SINT;
	} else {
		m->interrupt_page = in_page(in, sel);
	}
	m->monitor_page1 = in_page(in, sel >> 2);
	m->monitor_page2 = in_page(in, sel >> 3);
	post_built(in, buf, sizeof(*m));
}

static void op_simple(struct fuzz_input *in, u32 type, u32 size)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};

	buf[0] = type;
	if (size > 8) {
		u32 relid = in_relid(in);

		memcpy(buf + 8, &relid, 4);
	}
	post_built(in, buf, size);
}

/* A GPADL of one range of @n pages from @pfn, as Linux sends it. */
static void op_gpadl(struct fuzz_input *in)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct vmbus_msg_gpadl_header *h = (void *)buf;
	struct vmbus_msg_gpadl_body *b = (void *)buf;
	u32 relid = in_relid(in), id = in_u8(in);
	u32 n = 2 + in_u8(in) % 48, pfn = in_u16(in) % (GUEST_PAGES + 8);
	u8 mode = in_u8(in);
	u64 words[1 + 64];
	u32 nw = 1 + n, sent, chunk, i;

	words[0] = (u64)(n * PAGE) | 0;	/* byte_count, byte_offset 0 */
	if (mode & 1)
		words[0] = in_u32(in) | (u64)(in_u16(in) & 0x1fff) << 32;
	for (i = 0; i < n; i++)
		words[1 + i] = pfn + i;
	if (mode & 2)
		words[1 + in_u8(in) % n] = in_u32(in) | (u64)in_u16(in) << 32;

	memset(buf, 0, sizeof(buf));
	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = id;
	h->range_buflen = nw * 8;
	h->rangecount = 1;
	if (mode & 4)
		h->range_buflen += (in_u8(in) % 5) * 8 - 16;
	if (mode & 8)
		h->rangecount = in_u8(in) % 3;
	chunk = min_t(u32, nw, (HV_MESSAGE_PAYLOAD_BYTES - sizeof(*h)) / 8);
	if (mode & 16)
		chunk = in_u8(in) % (chunk + 1);
	memcpy(h->range, words, chunk * 8);
	post_built(in, buf, sizeof(*h) + chunk * 8);
	sent = chunk;
	while (sent < nw && !(mode & 32 && in_u8(in) & 1)) {
		memset(buf, 0, sizeof(buf));
		b->header.msgtype = CHANNELMSG_GPADL_BODY;
		b->gpadl = id;
		chunk = nw - sent;
		if (mode & 64)
			chunk = in_u8(in) % (chunk + 2);
		chunk = min_t(u32, chunk,
			      (HV_MESSAGE_PAYLOAD_BYTES - sizeof(*b)) / 8);
		memcpy(b->pfn, words + sent, min(chunk, nw - sent) * 8);
		post_built(in, buf, sizeof(*b) + chunk * 8);
		sent += chunk ? chunk : 1;
	}
}

static void op_open(struct fuzz_input *in)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_open_channel *m = (void *)buf;
	u8 sel;

	m->header.msgtype = CHANNELMSG_OPENCHANNEL;
	m->child_relid = in_relid(in);
	m->openid = in_u32(in);
	m->ringbuffer_gpadl = in_u8(in);
	sel = in_u8(in);
	m->target_vp = sel & 0x80 ? in_u32(in) : sel & 3;
	m->downstream_ringbuffer_pageoffset = sel & 0x40 ? in_u32(in) :
					      (sel >> 2) & 15;
	in_bytes(in, m->userdata, sel & 0x20 ? 8 : 0);
	post_built(in, buf, sizeof(*m));
}

static void op_teardown(struct fuzz_input *in)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_teardown *m = (void *)buf;

	m->header.msgtype = CHANNELMSG_GPADL_TEARDOWN;
	m->child_relid = in_relid(in);
	m->gpadl = in_u8(in);
	post_built(in, buf, sizeof(*m));
}

static void op_modify(struct fuzz_input *in)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_modify_channel *m = (void *)buf;
	u8 sel;

	m->header.msgtype = CHANNELMSG_MODIFYCHANNEL;
	m->child_relid = in_relid(in);
	sel = in_u8(in);
	m->target_vp = sel & 0x80 ? in_u32(in) : sel & 3;
	post_built(in, buf, sizeof(*m));
}

static void op_eom(void)
{
	S.slot_full = false;
	S.nr_gen = 0;
	hvhost_vmbus_msg_slot_free(S.vb);
	CHECK(S.nr_gen == 0);
	check_queue();
}

static void op_signal(struct fuzz_input *in)
{
	u8 b = in_u8(in);
	int i = pick_slot(b, false);
	u32 conn_id;

	if (b & 0x80 || i < 0)
		conn_id = b & 0x40 ? in_u32(in) :
			  HVHOST_VMBUS_CHAN_CONN_ID_BASE + (in_u16(in) & 0xfff);
	else
		conn_id = HVHOST_VMBUS_CHAN_CONN_ID_BASE + S.slots[i].relid;
	hvhost_vmbus_signal(S.vb, conn_id);
}

static void op_offer(struct fuzz_input *in)
{
	struct hvhost_offer_desc d = {};
	u8 b = in_u8(in);
	int vsp = b & 1, i;
	struct hvhost_channel *ch;

	for (i = 0; i < NR_SLOTS && S.slots[i].used; i++)
		;
	if (i == NR_SLOTS)
		return;
	d.class_id.b[0] = vsp + 1;
	d.instance_id.b[0] = b;
	d.sub_channel_index = b & 0x80 ? 1 : 0;
	S.nr_gen = 0;
	if (b & 0x40)
		fuzz_alloc_fail_in = 1 + (in_u8(in) & 3);
	ch = hvhost_vmbus_offer(S.vb, &d, &vsp_ops[vsp],
				(void *)(uintptr_t)vsp);
	fuzz_alloc_fail_in = 0;
	if (d.sub_channel_index) {
		CHECK(PTR_ERR(ch) == -EINVAL);
	} else if (!IS_ERR(ch)) {
		struct slot *s = &S.slots[i];

		memset(s, 0, sizeof(*s));
		s->used = true;
		s->primary = -1;
		s->vsp = vsp;
		s->ch = ch;
		s->relid = hvhost_channel_relid(ch);
		S.created++;
		CHECK(S.nr_gen == (S.offers_requested ? 1 : 0));
	} else {
		CHECK(S.nr_gen == 0);
	}
	host_call_done();
}

static void op_offer_sub(struct fuzz_input *in)
{
	int p = pick_slot(in_u8(in), true), i;
	u16 idx = in_u8(in) % 4;
	struct hvhost_channel *ch;

	if (p < 0 || S.slots[p].primary >= 0)
		return;
	for (i = 0; i < NR_SLOTS && S.slots[i].used; i++)
		;
	if (i == NR_SLOTS)
		return;
	S.nr_gen = 0;
	ch = hvhost_channel_offer_sub(S.slots[p].ch, idx);
	if (!IS_ERR(ch)) {
		struct slot *s = &S.slots[i];

		CHECK(idx);
		memset(s, 0, sizeof(*s));
		s->used = true;
		s->primary = p;
		s->vsp = S.slots[p].vsp;
		s->sub_index = idx;
		s->ch = ch;
		s->relid = hvhost_channel_relid(ch);
		S.created++;
	}
	host_call_done();
}

static void mark_dead(int p)
{
	S.slots[p].dead = true;
	for (int i = 0; i < NR_SLOTS; i++)
		if (S.slots[i].used && S.slots[i].primary == p)
			S.slots[i].dead = true;
}

static void op_rescind(struct fuzz_input *in)
{
	int i = pick_slot(in_u8(in), true);

	if (i < 0)
		return;
	S.nr_gen = 0;
	hvhost_vmbus_rescind(S.slots[i].ch);
	mark_dead(i);
	CHECK(!S.slots[i].open);
	host_call_done();
}

static void op_map(struct fuzz_input *in)
{
	int i = pick_slot(in_u8(in), true), k;
	u32 id = in_u8(in);
	struct slot *s;
	int ret;

	if (i < 0)
		return;
	s = &S.slots[i];
	for (k = 0; k < NR_MAPS && s->maps[k].used; k++)
		;
	if (k == NR_MAPS)
		return;
	S.nr_gen = 0;
	ret = hvhost_channel_map_gpadl(s->ch, id, &s->maps[k].m);
	if (!ret) {
		CHECK(s->open);
		CHECK(s->maps[k].m.vaddr && s->maps[k].m.nr);
		s->maps[k].used = true;
		s->maps[k].id = id;
	}
	CHECK(S.nr_gen == 0);
	host_call_done();
}

static void op_unmap(struct fuzz_input *in)
{
	int i = pick_slot(in_u8(in), true);
	u8 k = in_u8(in) % NR_MAPS;
	struct slot *s;

	if (i < 0)
		return;
	s = &S.slots[i];
	if (!s->maps[k].used)
		return;
	S.nr_gen = 0;
	hvhost_channel_unmap_gpadl(s->ch, s->maps[k].id, &s->maps[k].m);
	CHECK(!s->maps[k].m.vaddr);
	s->maps[k].used = false;
	host_call_done();
}

static void op_chan_signal(struct fuzz_input *in)
{
	int i = pick_slot(in_u8(in), true);

	if (i >= 0 && S.slots[i].open)
		CHECK(!hvhost_channel_signal(S.slots[i].ch));
}

static void op_reset(void)
{
	int i;

	S.nr_gen = 0;
	hvhost_vmbus_reset(S.vb);
	CHECK(S.nr_gen == 0);
	CHECK(qlen() == 0 && S.fifo_len == 0);
	purge_model();
	for (i = 0; i < NR_SLOTS; i++) {
		CHECK(!S.slots[i].open);
		/* Rescinded channels the guest never released are gone. */
		if (S.slots[i].used && S.slots[i].dead)
			CHECK(S.slots[i].freed);
	}
	check_queue();
}

static void op_poke(struct fuzz_input *in)
{
	u32 pfn = in_u16(in) % GUEST_PAGES, off = in_u16(in) % PAGE & ~3u;
	u32 v = in_u32(in);

	memcpy(guest_mem + pfn * PAGE + off, &v, 4);
	if (S.nr_dirty < ARRAY_SIZE(S.dirty))
		S.dirty[S.nr_dirty++] = pfn;
}

static void op_config(struct fuzz_input *in)
{
	u8 b = in_u8(in);

	S.auto_eom = b & 1;
	S.eagain_every = (b >> 1) & 7;
	S.eio_every = b & 0x80 ? 3 + ((b >> 4) & 7) : 0;
	S.vsp_open_ret[0] = b & 0x10 ? -EIO : 0;
	S.vsp_open_ret[1] = b & 0x20 ? -EBUSY : 0;
}

/*
 * Between operations: every pinned page and every mapping belongs to an
 * open channel's rings or to a VSP's live mapping, and the GPADL table's
 * quota charges are exactly its GPADLs.
 */
static void check_invariants(void)
{
	long pinned = 0, maps = 0;
	struct hvhost_gpadl *g;
	u64 pfns = 0;
	u32 n = 0;
	int i, k;

	for (i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &S.slots[i];

		if (!s->used || s->freed)
			continue;
		CHECK(!!s->ch->ring_map.vaddr == s->open);
		if (s->open) {
			pinned += s->ch->ring_map.nr;
			maps++;
		}
		for (k = 0; k < NR_MAPS; k++) {
			if (!s->maps[k].used)
				continue;
			CHECK(s->open);
			pinned += s->maps[k].m.nr;
			maps++;
		}
	}
	CHECK(pinned == S.pinned);
	CHECK(maps == fuzz_vmaps);

	mutex_lock(&S.vb->lock);
	list_for_each_entry(g, &S.vb->gpadls.list, node) {
		n++;
		pfns += g->nr_pfns;
		if (!g->complete)
			CHECK(!g->users && !g->teardown_pending);
	}
	CHECK(n == S.vb->gpadls.nr_gpadls && pfns == S.vb->gpadls.nr_pfns);
	CHECK(n <= S.vb->gpadls.max_gpadls);
	if (!S.connected)
		CHECK(!n);
	mutex_unlock(&S.vb->lock);
}

static void fuzz_op(struct fuzz_input *in)
{
	u8 op = in_u8(in);

	switch (op % 24) {
	case 0:
		op_raw(in);
		break;
	case 1:
		op_contact(in);
		break;
	case 2:
		op_simple(in, CHANNELMSG_REQUESTOFFERS, 8);
		break;
	case 3:
		op_gpadl(in);
		break;
	case 4:
		op_open(in);
		break;
	case 5:
		op_simple(in, CHANNELMSG_CLOSECHANNEL,
			  sizeof(struct vmbus_msg_close_channel));
		break;
	case 6:
		op_teardown(in);
		break;
	case 7:
		op_simple(in, CHANNELMSG_RELID_RELEASED,
			  sizeof(struct vmbus_msg_relid_released));
		break;
	case 8:
		op_simple(in, CHANNELMSG_UNLOAD, sizeof(struct vmbus_msg_unload));
		break;
	case 9:
		op_modify(in);
		break;
	case 10:
		op_simple(in, CHANNELMSG_TL_CONNECT_REQUEST,
			  sizeof(struct vmbus_msg_tl_connect_request));
		break;
	case 11:
	case 12:
		op_eom();
		break;
	case 13:
		op_signal(in);
		break;
	case 14:
		op_offer(in);
		break;
	case 15:
		op_offer_sub(in);
		break;
	case 16:
		op_rescind(in);
		break;
	case 17:
		op_map(in);
		break;
	case 18:
		op_unmap(in);
		break;
	case 19:
		op_reset();
		break;
	case 20:
		op_poke(in);
		break;
	case 21:
		op_config(in);
		break;
	case 22:
		op_chan_signal(in);
		break;
	default:
		/* Allocation failure within the next guest message. */
		fuzz_alloc_fail_in = 1 + (in_u8(in) & 7);
		op_raw(in);
		fuzz_alloc_fail_in = 0;
		break;
	}
	check_invariants();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct hvhost_vmbus_limits lim;
	u8 cfg, knob;
	int i;

	if (!guest_mem) {
		guest_mem = calloc(GUEST_PAGES, PAGE);
		S.fifo = calloc(LOG_MAX, sizeof(*S.fifo));
		S.gen = calloc(LOG_MAX, sizeof(*S.gen));
	}
	{
		struct logged *fifo = S.fifo, *gen = S.gen;

		memset(&S, 0, sizeof(S));
		S.fifo = fifo;
		S.gen = gen;
	}
	S.auto_eom = true;
	S.p.ops = &t_ops;
	cfg = in_u8(&in);
	knob = in_u8(&in);
	S.p.nr_vps = 1 + (cfg & 3);
	S.vb = hvhost_vmbus_create(&S.p);
	CHECK(S.vb);
	S.p.vmbus = S.vb;
	lim = S.vb->limits;
	CHECK(lim.max_channels == HVHOST_VMBUS_MAX_CHANNELS &&
	      lim.max_queued_msgs == HVHOST_VMBUS_MAX_QUEUED_MSGS);
	if (cfg & 4) {
		lim.max_channels = 1 + (knob & 7);
		lim.max_gpadls = 1 + ((knob >> 3) & 7);
		lim.max_gpadl_pfns = 4 + (knob >> 6) * 40;
		lim.max_queued_msgs = 1 + ((cfg >> 3) & 15);
		hvhost_vmbus_set_limits(S.vb, &lim);
	}
	op_config(&in);

	for (i = 0; i < MAX_OPS && in.n; i++)
		fuzz_op(&in);

	/* Everything queued reaches the guest once it consumes. */
	S.auto_eom = true;
	S.eagain_every = 0;
	S.eio_every = 0;
	op_eom();
	CHECK(qlen() == 0 && S.fifo_len == 0);

	S.nr_gen = 0;
	hvhost_vmbus_destroy(S.vb);
	CHECK(S.nr_gen == 0);
	CHECK(S.pinned == 0);
	CHECK(fuzz_vmaps == 0);
	CHECK(S.rescinded_calls == S.created);
	for (i = 0; i < NR_SLOTS; i++)
		CHECK(!S.slots[i].used || (S.slots[i].freed && !S.slots[i].open));
	CHECK(fuzz_rcu_readers == 0);
	for (i = 0; i < S.nr_dirty; i++)
		memset(guest_mem + (size_t)S.dirty[i] * PAGE, 0, PAGE);
	return 0;
}

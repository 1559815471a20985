/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A software VMBus guest for KUnit: the guest side of the protocol as
 * Linux 6.12's drivers/hv/ speaks it (connection.c, channel_mgmt.c,
 * channel.c), driving the VMBus host of a test partition.
 *
 * Everything is synchronous: the guest posts a message straight into
 * hvhost_vmbus_post_message() and then drains its SynIC with tguest_poll();
 * a helper that waits for an answer polls and reports -ETIMEDOUT if the
 * answer is not there, instead of sleeping.  Raw helpers (tguest_post_raw(),
 * the ring views, the partition's memory and SynIC) let tests play a
 * hostile guest with the same object.
 *
 * Locking: none; a test drives its guest from one thread.  Host messages
 * are only ever handled inside tguest_poll().
 */
#ifndef _HVHOST_TEST_TGUEST_H
#define _HVHOST_TEST_TGUEST_H

#include <linux/types.h>
#include <linux/uuid.h>

#include "tguest_ring.h"
#include "vmbus/proto.h"

struct kunit;
struct kvec;
struct tpart;
struct tguest;

/* Channels one test guest tracks at a time. */
#define TGUEST_MAX_CHANNELS	64
/* Host messages remembered in order, for ordering assertions. */
#define TGUEST_LOG_LEN		512
/* Largest inbound packet tguest_chan_recv() copies out. */
#define TGUEST_PKT_MAX		(16 * 1024)
/* First GPADL handle, as Linux's vmbus_connection.next_gpadl_handle. */
#define TGUEST_FIRST_GPADL	0xE1E10

/* The versions Linux 6.12 tries, newest first. */
#define TGUEST_NR_VERSIONS	8
extern const u32 tguest_versions[TGUEST_NR_VERSIONS];

/**
 * struct tguest_chan - one offer and, once opened, its channel
 * @g: the guest.
 * @offer: the OFFERCHANNEL message as received.
 * @relid: @offer.child_relid.
 * @rescinded: the host rescinded the offer.
 * @released: the guest sent RELID_RELEASED.
 * @open_result: OPENCHANNEL_RESULT arrived for the last open attempt.
 * @open_status: its status.
 * @opened: open succeeded and close has not been sent.
 * @target_vp: the VP the host signals (OPENCHANNEL, MODIFYCHANNEL).
 * @modify_response: MODIFYCHANNEL_RESPONSE arrived for the last request.
 * @modify_status: its status.
 * @gpadl: the ring GPADL handle, 0 if none.
 * @ring_gpa: guest address of the ring pair.
 * @ring_pages: pages of the ring pair.
 * @send_pages: pages of the outbound ring (the downstream page offset).
 * @out: the outbound ring (guest writes, host reads).
 * @in: the inbound ring (host writes, guest reads).
 * @signals: times the guest signalled the host for this channel.
 * @interrupts: event flags the guest found set for this channel.
 * @on_interrupt: called from tguest_poll() for each interrupt, if set.
 * @priv: for the test.
 */
struct tguest_chan {
	struct tguest *g;
	struct vmbus_msg_offer_channel offer;
	u32 relid;
	bool rescinded;
	bool released;
	bool open_result;
	u32 open_status;
	bool opened;
	u32 target_vp;
	bool modify_response;
	u32 modify_status;
	u32 gpadl;
	u64 ring_gpa;
	u32 ring_pages;
	u32 send_pages;
	struct tguest_ring out;
	struct tguest_ring in;
	u64 signals;
	u64 interrupts;
	void (*on_interrupt)(struct tguest_chan *ch);
	void *priv;
};

/**
 * struct tguest - the guest
 * @tp: its partition.
 * @vp: the VP that receives VMBus messages (INITIATE_CONTACT target_vcpu).
 * @version: the negotiated version, 0 while not connected.
 * @msg_conn_id: connection id for guest messages.
 * @version_response: a VERSION_RESPONSE arrived for the last request.
 * @version_supported: its version_supported.
 * @resp_conn_id: its msg_conn_id.
 * @int_page: guest address of the interrupt page (before 5.0).
 * @monitor_pages: guest address of the two monitor pages.
 * @gpadl_created: a GPADL_CREATED arrived since the last request.
 * @created_relid: its child_relid.
 * @created_gpadl: its gpadl.
 * @created_status: its creation_status.
 * @gpadl_torndown: a GPADL_TORNDOWN arrived since the last request.
 * @torndown_gpadl: its gpadl.
 * @offers_done: ALLOFFERS_DELIVERED arrived.
 * @unloaded: UNLOAD_RESPONSE arrived.
 * @chans: known offers; NULL slots are free.
 * @nr_chans: non-NULL entries of @chans.
 * @next_gpadl: next GPADL handle.
 * @mem: guest page allocation bitmap.
 * @tx: messages the guest posted, by type (index 0 for unknown types).
 * @rx: host messages received, by type (index 0 for unknown types).
 * @bad_msgs: host messages the guest could not make sense of.
 * @log: types of the last host messages, oldest first.
 * @nr_log: messages logged (may exceed TGUEST_LOG_LEN; the log wraps).
 * @last: the last host message.
 * @last_status: status of the last hvhost_vmbus_post_message().
 * @post_failures: posts that did not return HV_STATUS_SUCCESS.
 * @stray_events: event flags set for no channel the guest knows.
 */
struct tguest {
	struct tpart *tp;
	u32 vp;
	u32 version;
	u32 msg_conn_id;
	bool version_response;
	u8 version_supported;
	u32 resp_conn_id;
	u64 int_page;
	u64 monitor_pages;
	bool gpadl_created;
	u32 created_relid;
	u32 created_gpadl;
	u32 created_status;
	bool gpadl_torndown;
	u32 torndown_gpadl;
	bool offers_done;
	bool unloaded;
	struct tguest_chan *chans[TGUEST_MAX_CHANNELS];
	unsigned int nr_chans;
	u32 next_gpadl;
	unsigned long *mem;
	u64 tx[CHANNELMSG_COUNT];
	u64 rx[CHANNELMSG_COUNT];
	u64 bad_msgs;
	u32 log[TGUEST_LOG_LEN];
	unsigned int nr_log;
	struct hv_message last;
	u16 last_status;
	u64 post_failures;
	u64 stray_events;
};

struct tguest *tguest_create(struct tpart *tp);
void tguest_destroy(struct tguest *g);
struct tguest *tguest_create_kunit(struct kunit *test, struct tpart *tp);

/* Guest memory. */
u64 tguest_alloc_pages(struct tguest *g, u32 nr);
void tguest_free_pages(struct tguest *g, u64 gpa, u32 nr);

/* Messages. */
u16 tguest_post_raw(struct tguest *g, u32 conn_id, const void *msg, u32 size);
u16 tguest_post(struct tguest *g, const void *msg, u32 size);
int tguest_poll(struct tguest *g);

/* Connection. */
int tguest_connect_version(struct tguest *g, u32 version);
int tguest_connect(struct tguest *g);
int tguest_request_offers(struct tguest *g);
int tguest_unload(struct tguest *g);
struct tguest_chan *tguest_find_relid(struct tguest *g, u32 relid);
struct tguest_chan *tguest_find_class(struct tguest *g, const guid_t *class);
void tguest_forget(struct tguest_chan *ch);

/* Channels. */
int tguest_gpadl_create(struct tguest_chan *ch, u64 gpa, u32 nr_pages,
			u32 *gpadl);
int tguest_gpadl_teardown(struct tguest_chan *ch, u32 gpadl);
int tguest_open(struct tguest_chan *ch, u32 send_bytes, u32 recv_bytes,
		const u8 *userdata);
int tguest_close(struct tguest_chan *ch);
int tguest_release_relid(struct tguest_chan *ch);
int tguest_modify(struct tguest_chan *ch, u32 target_vp);
void tguest_signal(struct tguest_chan *ch);

/* Packets. */
int tguest_chan_send(struct tguest_chan *ch, u16 type, u16 flags, u64 trans_id,
		     const void *data, u32 len);
int tguest_chan_recv(struct tguest_chan *ch, void *buf, u32 buflen, u32 *len);
void tguest_chan_recv_done(struct tguest_chan *ch);

#endif /* _HVHOST_TEST_TGUEST_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvhost_hostile: runs inside the nested tier's L2 guest, after hv_vmbus
 * has connected, and sends the host malformed and excessive hypercalls
 * through the real KVM path: bad sizes and types, wrong connection ids,
 * unknown VMBus messages, misaligned and page-crossing input, a message
 * flood and signals to many connection ids.  Each case logs
 * "HVHOST-TEST l2-hostile-<case> PASS|FAIL (got ..., want ...)"; the L2
 * init copies those lines to the console.  The host must answer each with
 * a defined Hyper-V status and keep serving the guest.
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/string.h>
#include <asm/mshyperv.h>

#define MSG_PAYLOAD_MAX		240
#define MSG_TYPE_VMBUS		1
#define CONN_MSG		4	/* VMBUS_MESSAGE_CONNECTION_ID_4 (5.x) */
#define CONN_CHANNEL_FIRST	0x10001	/* hvhost's first channel conn id */
#define FLOOD_COUNT		1000
#define SIGNAL_COUNT		300

struct post_input {
	u32 conn_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[MSG_PAYLOAD_MAX];
} __packed;

static u8 *in_page;

static void report(const char *name, bool pass, u16 got, u16 want)
{
	pr_info("HVHOST-TEST l2-hostile-%s %s (got %u, want %u)\n", name,
		pass ? "PASS" : "FAIL", got, want);
}

/* Post from @off bytes into the page; returns the Hyper-V status. */
static u16 post(size_t off, u32 conn, u32 type, u32 size, u32 msgtype)
{
	struct post_input *in = (struct post_input *)(in_page + off);

	memset(in_page, 0, PAGE_SIZE);
	in->conn_id = conn;
	in->message_type = type;
	in->payload_size = size;
	memcpy(in->payload, &msgtype, sizeof(msgtype));
	return hv_do_hypercall(HVCALL_POST_MESSAGE, in, NULL) &
	       HV_HYPERCALL_RESULT_MASK;
}

static void expect(const char *name, u16 got, u16 want)
{
	report(name, got == want, got, want);
}

static void flood(void)
{
	u16 st, bad = 0;
	int i;

	/* An unknown VMBus message type: dropped, never queued. */
	for (i = 0; i < FLOOD_COUNT; i++) {
		st = post(0, CONN_MSG, MSG_TYPE_VMBUS, 8, 0xff);
		if (st != HV_STATUS_SUCCESS &&
		    st != HV_STATUS_INSUFFICIENT_BUFFERS)
			bad = st;
	}
	report("flood", !bad, bad, HV_STATUS_SUCCESS);
}

static void signals(void)
{
	u16 st, bad = 0;
	int i;

	/*
	 * Channel ids nobody offered (the VMM's echo device is relid 1):
	 * refused, so the VMM binds no eventfd for them.
	 */
	for (i = 0; i < SIGNAL_COUNT; i++) {
		st = hv_do_fast_hypercall8(HVCALL_SIGNAL_EVENT,
					   CONN_CHANNEL_FIRST + 100 + i) &
		     HV_HYPERCALL_RESULT_MASK;
		if (st != HV_STATUS_INVALID_CONNECTION_ID)
			bad = st;
	}
	report("signal-many", !bad, bad, HV_STATUS_INVALID_CONNECTION_ID);
}

static int __init hostile_init(void)
{
	in_page = (u8 *)__get_free_page(GFP_KERNEL);
	if (!in_page)
		return -ENOMEM;

	expect("payload-too-big",
	       post(0, CONN_MSG, MSG_TYPE_VMBUS, MSG_PAYLOAD_MAX + 1, 0xff),
	       HV_STATUS_INVALID_PARAMETER);
	expect("payload-huge",
	       post(0, CONN_MSG, MSG_TYPE_VMBUS, 0xffffffff, 0xff),
	       HV_STATUS_INVALID_PARAMETER);
	expect("message-type-0",
	       post(0, CONN_MSG, 0, 8, 0xff), HV_STATUS_INVALID_PARAMETER);
	expect("message-type-2",
	       post(0, CONN_MSG, 2, 8, 0xff), HV_STATUS_INVALID_PARAMETER);
	expect("payload-short",
	       post(0, CONN_MSG, MSG_TYPE_VMBUS, 4, 0xff),
	       HV_STATUS_INVALID_PARAMETER);
	expect("conn-id-old",
	       post(0, 1, MSG_TYPE_VMBUS, 8, 0xff),
	       HV_STATUS_INVALID_CONNECTION_ID);
	expect("conn-id-unknown",
	       post(0, 0x7777, MSG_TYPE_VMBUS, 8, 0xff),
	       HV_STATUS_INVALID_CONNECTION_ID);
	expect("conn-id-huge",
	       post(0, 0xffffffff, MSG_TYPE_VMBUS, 8, 0xff),
	       HV_STATUS_INVALID_CONNECTION_ID);
	expect("msgtype-unknown",
	       post(0, CONN_MSG, MSG_TYPE_VMBUS, 8, 0xff), HV_STATUS_SUCCESS);
	expect("input-misaligned",
	       post(4, CONN_MSG, MSG_TYPE_VMBUS, 8, 0xff),
	       HV_STATUS_INVALID_ALIGNMENT);
	expect("input-crosses-page",
	       post(PAGE_SIZE - 248, CONN_MSG, MSG_TYPE_VMBUS, 8, 0xff),
	       HV_STATUS_INVALID_ALIGNMENT);
	/* KVM passes a fast HvPostMessage on; the VMM refuses it. */
	expect("post-fast",
	       hv_do_fast_hypercall8(HVCALL_POST_MESSAGE, 0) &
	       HV_HYPERCALL_RESULT_MASK, HV_STATUS_INVALID_HYPERCALL_INPUT);
	flood();
	signals();
	/* Still served after all that: a well-formed CHANNELMSG_REQUESTOFFERS. */
	expect("post-after-abuse", post(0, CONN_MSG, MSG_TYPE_VMBUS, 8, 3),
	       HV_STATUS_SUCCESS);
	free_page((unsigned long)in_page);
	return 0;
}

static void __exit hostile_exit(void)
{
}

module_init(hostile_init);
module_exit(hostile_exit);
MODULE_DESCRIPTION("hvhost nested tier: hostile VMBus guest hypercalls");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM_EXIT_HYPERV: SynIC MSR writes (recorded per vCPU) and the hypercalls
 * KVM leaves to userspace (HvPostMessage, HvSignalEvent without an
 * eventfd).  The hypercall input page is guest memory: it is bounds
 * checked, copied out once and only the copy is parsed.
 *
 * Messages and unbound signals are relayed to /dev/hvhost (hvhost.c).
 * Without it every message is answered with HV_STATUS_INVALID_CONNECTION_ID,
 * which makes a stock hv_vmbus try its next connection id / version.  An
 * INITIATE_CONTACT is always logged with the version it asks for.
 */
#include <assert.h>
#include <string.h>

#include "vm.h"

#define HVCALL_POST_MESSAGE		0x005c
#define HVCALL_SIGNAL_EVENT		0x005d
#define HV_EXT_CALL_QUERY_CAPABILITIES	0x8001
#define HV_STATUS_SUCCESS		0
#define HV_STATUS_INVALID_HYPERCALL_CODE 2
#define HV_STATUS_INVALID_HYPERCALL_INPUT 3
#define HV_STATUS_INVALID_ALIGNMENT	4
#define HV_STATUS_INVALID_PARAMETER	5
#define HV_STATUS_INVALID_CONNECTION_ID	18

/* HvSignalEvent's input: connection id 0-23, flag number 32-47. */
#define HV_SIGNAL_EVENT_RESERVED	0xffff0000ff000000ull

#define HV_X64_MSR_SCONTROL		0x40000080
#define HV_X64_MSR_SIEFP		0x40000082
#define HV_X64_MSR_SIMP			0x40000083

#define HV_MESSAGE_PAYLOAD_MAX		240
#define VMBUS_CHANNELMSG_INITIATE_CONTACT 14

/* struct hv_input_post_message: TLFS HvPostMessage input. */
struct post_message_input {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[HV_MESSAGE_PAYLOAD_MAX];
};

static_assert(sizeof(struct post_message_input) == 256, "TLFS layout");

/* Leading fields of struct vmbus_channel_initiate_contact. */
struct initiate_contact {
	u32 msgtype;
	u32 padding;
	u32 version;
	u32 target_vcpu;
};

static void synic_exit(struct vcpu *vcpu)
{
	struct kvm_hyperv_exit *hv = &vcpu->run->hyperv;
	struct synic_state *s = &vcpu->synic;
	bool was_on = s->control & 1;

	stats_count(vcpu->vm, EK_HV_SYNIC);
	s->control = hv->u.synic.control;
	s->evt_page = hv->u.synic.evt_page;
	s->msg_page = hv->u.synic.msg_page;
	s->seen = true;
	if (vcpu->vm->opt.verbose)
		logmsg("vcpu%d SynIC msr %#x: SCONTROL %#llx SIEFP %#llx SIMP %#llx",
		       vcpu->id, hv->u.synic.msr,
		       (unsigned long long)s->control,
		       (unsigned long long)s->evt_page,
		       (unsigned long long)s->msg_page);
	hvhost_set_synic(vcpu);
	if (!was_on && (s->control & 1)) {
		logmsg_site(vcpu->vm, LOG_SYNIC,
			    "vcpu%d: SynIC enabled (SIMP %#llx SIEFP %#llx)",
			    vcpu->id, (unsigned long long)s->msg_page,
			    (unsigned long long)s->evt_page);
		stats_enter_phase(vcpu->vm, PH_SYNIC);
		cpuid_report_xcr0(vcpu);
	}
}

static void log_message(struct vcpu *vcpu, const struct post_message_input *in)
{
	bool verbose = vcpu->vm->opt.verbose || vcpu->vm->hvhost.fd < 0;
	struct initiate_contact ic;
	u32 msgtype;

	if (in->payload_size < sizeof(msgtype)) {
		if (verbose)
			logmsg("vcpu%d: post message conn %u type %u size %u",
			       vcpu->id, in->connection_id, in->message_type,
			       in->payload_size);
		return;
	}
	memcpy(&msgtype, in->payload, sizeof(msgtype));
	if (msgtype == VMBUS_CHANNELMSG_INITIATE_CONTACT &&
	    in->payload_size >= sizeof(ic)) {
		memcpy(&ic, in->payload, sizeof(ic));
		logmsg_site(vcpu->vm, LOG_CONTACT,
			    "vcpu%d: INITIATE_CONTACT version %u.%u (conn %u)",
			    vcpu->id, ic.version >> 16, ic.version & 0xffff,
			    in->connection_id);
	} else if (verbose) {
		logmsg("vcpu%d: post message conn %u type %u size %u vmbus msgtype %u",
		       vcpu->id, in->connection_id, in->message_type,
		       in->payload_size, msgtype);
	}
}

static u64 post_message(struct vcpu *vcpu, u64 gpa)
{
	struct post_message_input in;
	struct hvhost_post_message m;
	const void *src;
	u64 status;

	/* TLFS: input is 8-byte aligned and may not cross a page. */
	if ((gpa & 7) || (gpa & 0xfff) + sizeof(in) > 0x1000)
		return HV_STATUS_INVALID_ALIGNMENT;
	src = gpa_ptr(vcpu->vm, gpa, sizeof(in));
	if (!src)
		return HV_STATUS_INVALID_PARAMETER;
	memcpy(&in, src, sizeof(in));			/* one read, then parse */
	if (in.payload_size > HV_MESSAGE_PAYLOAD_MAX || in.message_type == 0 ||
	    (in.message_type & 0x80000000))
		return HV_STATUS_INVALID_PARAMETER;

	stats_enter_phase(vcpu->vm, PH_VMBUS);
	log_message(vcpu, &in);

	memset(&m, 0, sizeof(m));
	m.connection_id = in.connection_id;
	m.message_type = in.message_type;
	m.payload_size = in.payload_size;
	memcpy(m.payload, in.payload, in.payload_size);
	if (hvhost_post_message(vcpu->vm, &m, &status))
		return status;
	return HV_STATUS_INVALID_CONNECTION_ID;
}

/*
 * HvSignalEvent's input is a u64, in a register (fast) or in memory.  KVM
 * reads a memory input itself before it exits (kvm_hvcall_signal_event(),
 * since Linux 5.12), so params[0] holds the input either way; reading the
 * guest at it again would take a connection id for an address.
 */
static u64 signal_event(struct vcpu *vcpu, u64 param)
{
	if (param & HV_SIGNAL_EVENT_RESERVED)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	return hvhost_signal_event(vcpu->vm, param);
}

/* HvExtCallQueryCapabilities: no extended hypercalls are offered. */
static u64 ext_query_caps(struct vcpu *vcpu, u64 out_gpa, bool fast)
{
	void *dst;

	if (fast)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	if (out_gpa & 7)
		return HV_STATUS_INVALID_ALIGNMENT;
	dst = gpa_ptr(vcpu->vm, out_gpa, sizeof(u64));
	if (!dst)
		return HV_STATUS_INVALID_PARAMETER;
	memset(dst, 0, sizeof(u64));
	return HV_STATUS_SUCCESS;
}

static void hcall_exit(struct vcpu *vcpu)
{
	struct kvm_hyperv_exit *hv = &vcpu->run->hyperv;
	u64 input = hv->u.hcall.input;
	u16 code = input & 0xffff;
	bool fast = input & (1ULL << 16);

	switch (code) {
	case HVCALL_POST_MESSAGE:
		stats_count(vcpu->vm, EK_HV_HCALL_POST);
		hv->u.hcall.result = fast ? HV_STATUS_INVALID_HYPERCALL_INPUT :
				     post_message(vcpu, hv->u.hcall.params[0]);
		break;
	case HVCALL_SIGNAL_EVENT:
		/* No eventfd registered for this connection id (yet). */
		stats_count(vcpu->vm, EK_HV_HCALL_SIGNAL);
		hv->u.hcall.result = signal_event(vcpu, hv->u.hcall.params[0]);
		break;
	case HV_EXT_CALL_QUERY_CAPABILITIES:
		stats_count(vcpu->vm, EK_HV_HCALL_OTHER);
		hv->u.hcall.result = ext_query_caps(vcpu, hv->u.hcall.params[1],
						    fast);
		break;
	default:
		stats_count(vcpu->vm, EK_HV_HCALL_OTHER);
		hv->u.hcall.result = HV_STATUS_INVALID_HYPERCALL_CODE;
		break;
	}
}

void hyperv_exit(struct vcpu *vcpu)
{
	switch (vcpu->run->hyperv.type) {
	case KVM_EXIT_HYPERV_SYNIC:
		synic_exit(vcpu);
		break;
	case KVM_EXIT_HYPERV_HCALL:
		hcall_exit(vcpu);
		break;
	default:
		stats_count(vcpu->vm, EK_HV_SYNDBG);
		break;
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The /dev/hvhost side of the VMM (include/uapi/linux/hvhost.h):
 * describe the partition and its memory, forward every SynIC MSR change,
 * relay HvPostMessage and unbound HvSignalEvent hypercalls, and bind an
 * eventfd to a connection id the first time the guest signals it so that
 * later kicks stay in the kernel (KVM_HYPERV_EVENTFD + HVHOST_SET_SIGNAL_FD).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vm.h"

#define HV_X64_MSR_SINT0	0x40000090
#define HV_SINT_MASKED		BIT_ULL(16)
#define HV_STATUS_INVALID_CONNECTION_ID	18
#define SIGNAL_FDS_CAP		256

static void set_mem_table(struct vm *vm)
{
	struct {
		struct hvhost_mem_table t;
		struct hvhost_mem_region r[1];
	} mt;

	memset(&mt, 0, sizeof(mt));
	mt.t.nregions = 1;
	mt.r[0].guest_phys_addr = 0;
	mt.r[0].memory_size = vm->mem_size;
	mt.r[0].userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->hvhost.fd, HVHOST_SET_MEM_TABLE, &mt) < 0)
		die_errno("HVHOST_SET_MEM_TABLE");
}

/*
 * --echo N: offer N of hvhost's echo devices.  Instance n is
 * 6876686f-0000-4000-8000-00000000000n (wire byte order below), so a test
 * in the guest knows what to look for.
 */
static void add_echo_devices(struct vm *vm)
{
	static const u8 base[16] = {
		0x6f, 0x68, 0x76, 0x68, 0x00, 0x00, 0x00, 0x40,
		0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct hvhost_device d;
	unsigned int i;

	for (i = 0; i < vm->opt.echo_devices; i++) {
		memset(&d, 0, sizeof(d));
		d.type = HVHOST_DEVICE_ECHO;
		memcpy(d.instance, base, sizeof(d.instance));
		d.instance[15] = i + 1;
		if (ioctl(vm->hvhost.fd, HVHOST_ADD_DEVICE, &d) < 0)
			die_errno("HVHOST_ADD_DEVICE");
		logmsg("echo device 6876686f-0000-4000-8000-%012x offered",
		       i + 1);
	}
}

void hvhost_open(struct vm *vm)
{
	struct hvhost_link *h = &vm->hvhost;
	struct hvhost_partition_config pc = { .nr_vps = vm->opt.cpus };

	pthread_mutex_init(&h->lock, NULL);
	h->fd = open("/dev/hvhost", O_RDWR | O_CLOEXEC);
	if (h->fd < 0) {
		logmsg("/dev/hvhost: %s: VMBus messages are logged and refused",
		       strerror(errno));
		return;
	}
	if (ioctl(h->fd, HVHOST_GET_INFO, &h->info) < 0)
		die_errno("HVHOST_GET_INFO");
	if (vm->opt.cpus > h->info.max_vps)
		die("hvhost allows %u vCPUs", h->info.max_vps);
	if (ioctl(h->fd, HVHOST_SET_PARTITION, &pc) < 0)
		die_errno("HVHOST_SET_PARTITION");
	set_mem_table(vm);

	h->max_signal = h->info.max_signal_fds < SIGNAL_FDS_CAP ?
			h->info.max_signal_fds : SIGNAL_FDS_CAP;
	if (!(h->info.features & HVHOST_F_SIGNAL_FD))
		h->max_signal = 0;
	h->signal_ids = calloc(h->max_signal + 1, sizeof(*h->signal_ids));
	if (!h->signal_ids)
		die("out of memory (signal ids)");
	logmsg("/dev/hvhost: features %#llx, channel conn ids %u..%u",
	       (unsigned long long)h->info.features, h->info.conn_id_first,
	       h->info.conn_id_last);
	add_echo_devices(vm);
}

/* Bit n set when HV_X64_MSR_SINTn is masked; read in the vCPU's thread. */
static u16 masked_sints(struct vcpu *vcpu)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[HVHOST_SINT_COUNT];
	} m;
	u16 mask = 0;
	int i;

	memset(&m, 0, sizeof(m));
	m.hdr.nmsrs = HVHOST_SINT_COUNT;
	for (i = 0; i < HVHOST_SINT_COUNT; i++)
		m.e[i].index = HV_X64_MSR_SINT0 + i;
	if (ioctl(vcpu->fd, KVM_GET_MSRS, &m) != HVHOST_SINT_COUNT) {
		logmsg("vcpu%d: KVM_GET_MSRS(SINTx) failed", vcpu->id);
		return 0xffff;
	}
	for (i = 0; i < HVHOST_SINT_COUNT; i++)
		if (m.e[i].data & HV_SINT_MASKED)
			mask |= 1u << i;
	return mask;
}

/*
 * Called from the vCPU's own thread for each KVM_EXIT_HYPERV_SYNIC.  The
 * VP index is the vCPU id: hvvmm never writes HV_X64_MSR_VP_INDEX.
 */
void hvhost_set_synic(struct vcpu *vcpu)
{
	struct hvhost_synic s = { 0 };

	if (vcpu->vm->hvhost.fd < 0)
		return;
	s.vp = vcpu->id;
	s.scontrol = vcpu->synic.control;
	s.simp = vcpu->synic.msg_page;
	s.siefp = vcpu->synic.evt_page;
	s.masked_sints = masked_sints(vcpu);
	if (ioctl(vcpu->vm->hvhost.fd, HVHOST_SET_SYNIC, &s) < 0)
		logmsg_site(vcpu->vm, LOG_RELAY, "vcpu%d: HVHOST_SET_SYNIC: %s",
			    vcpu->id, strerror(errno));
}

/*
 * Relay one HvPostMessage.  Returns false if there is no hvhost (the
 * caller answers itself), else sets *status to what the guest gets.
 */
bool hvhost_post_message(struct vm *vm, const struct hvhost_post_message *m,
			 u64 *status)
{
	int r;

	if (vm->hvhost.fd < 0)
		return false;
	r = ioctl(vm->hvhost.fd, HVHOST_POST_MESSAGE, m);
	if (r < 0) {
		/* -ENOENT: no SynIC message page yet; the guest may retry. */
		if (errno != ENOENT)
			logmsg_site(vm, LOG_RELAY, "HVHOST_POST_MESSAGE: %s",
				    strerror(errno));
		*status = HV_STATUS_INVALID_CONNECTION_ID;
	} else {
		atomic_fetch_add(&vm->hvhost.relayed_posts, 1);
		*status = r;
	}
	return true;
}

static bool signal_bound(struct hvhost_link *h, u32 id)
{
	u32 i;

	for (i = 0; i < h->nsignal; i++)
		if (h->signal_ids[i] == id)
			return true;
	return false;
}

/* Keep later kicks for @id in the kernel.  Caller holds h->lock. */
static void bind_signal_fd(struct vm *vm, u32 id)
{
	struct hvhost_link *h = &vm->hvhost;
	struct kvm_hyperv_eventfd kev = { 0 };
	struct hvhost_signal_fd sf = { 0 };
	int fd;

	if (id < h->info.conn_id_first || id > h->info.conn_id_last ||
	    h->nsignal >= h->max_signal || signal_bound(h, id))
		return;
	fd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0) {
		logmsg("eventfd: %s", strerror(errno));
		return;
	}
	sf.conn_id = id;
	sf.fd = fd;
	if (ioctl(h->fd, HVHOST_SET_SIGNAL_FD, &sf) < 0) {
		logmsg("HVHOST_SET_SIGNAL_FD %u: %s", id, strerror(errno));
		close(fd);
		return;
	}
	kev.conn_id = id;
	kev.fd = fd;
	if (ioctl(vm->vm_fd, KVM_HYPERV_EVENTFD, &kev) < 0) {
		logmsg("KVM_HYPERV_EVENTFD %u: %s", id, strerror(errno));
		sf.fd = -1;
		ioctl(h->fd, HVHOST_SET_SIGNAL_FD, &sf);
		close(fd);
		return;
	}
	h->signal_ids[h->nsignal++] = id;
	if (vm->opt.verbose)
		logmsg("conn id %u: HvSignalEvent now stays in the kernel", id);
}

/* Relay an HvSignalEvent KVM had no eventfd for; returns the HV status. */
u64 hvhost_signal_event(struct vm *vm, u64 param)
{
	struct hvhost_link *h = &vm->hvhost;
	struct hvhost_signal_event ev = { 0 };
	int r;

	if (h->fd < 0)
		return HV_STATUS_INVALID_CONNECTION_ID;
	ev.conn_id = param & HVHOST_CONN_ID_MAX;
	ev.flag_number = (param >> 32) & 0xffff;
	r = ioctl(h->fd, HVHOST_SIGNAL_EVENT, &ev);
	if (r < 0) {
		logmsg_site(vm, LOG_RELAY, "HVHOST_SIGNAL_EVENT: %s",
			    strerror(errno));
		return HV_STATUS_INVALID_CONNECTION_ID;
	}
	atomic_fetch_add(&h->relayed_signals, 1);
	if (r == 0 && ev.flag_number == 0) {
		pthread_mutex_lock(&h->lock);
		bind_signal_fd(vm, ev.conn_id);
		pthread_mutex_unlock(&h->lock);
	}
	return r;
}

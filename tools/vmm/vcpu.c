// SPDX-License-Identifier: GPL-2.0-only
/* The vCPU run loop: one thread per vCPU, dispatching KVM exits. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vm.h"

static void io_exit(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	struct kvm_run *run = vcpu->run;
	u8 *data = (u8 *)run + run->io.data_offset;
	bool write = run->io.direction == KVM_EXIT_IO_OUT;
	u16 port = run->io.port;
	u32 i;

	/* data_offset/size/count come from KVM, not the guest. */
	pthread_mutex_lock(&vm->io_lock);
	for (i = 0; i < run->io.count; i++, data += run->io.size) {
		/* Unclaimed bytes of a read are all ones, as on a real bus. */
		if (!write)
			memset(data, 0xff, run->io.size);
		if (port >= PORT_COM1 && port < PORT_COM1 + 8 &&
		    run->io.size == 1) {
			stats_count(vm, EK_IO_SERIAL);
			serial_io(vm, port, write, data);
		} else if (pm_io(vm, port, write, data, run->io.size)) {
			stats_count(vm, EK_IO_PM);
		} else {
			stats_count(vm, EK_IO_OTHER);
		}
	}
	pthread_mutex_unlock(&vm->io_lock);
}

static void mmio_exit(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	stats_count(vcpu->vm, EK_MMIO);
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
}

static void dump_regs(struct vcpu *vcpu)
{
	struct kvm_regs r;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &r) == 0)
		logmsg("vcpu%d rip=%#llx rsp=%#llx rax=%#llx", vcpu->id,
		       (unsigned long long)r.rip, (unsigned long long)r.rsp,
		       (unsigned long long)r.rax);
}

static bool handle_exit(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct vm *vm = vcpu->vm;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		io_exit(vcpu);
		return true;
	case KVM_EXIT_MMIO:
		mmio_exit(vcpu);
		return true;
	case KVM_EXIT_HYPERV:
		hyperv_exit(vcpu);
		return true;
	case KVM_EXIT_X86_RDMSR:
	case KVM_EXIT_X86_WRMSR:
		msr_exit(vcpu);
		return true;
	case KVM_EXIT_INTR:
		stats_count(vm, EK_INTR);
		return true;
	case KVM_EXIT_SYSTEM_EVENT:
		stats_count(vm, EK_SYSTEM_EVENT);
		if (run->system_event.type == KVM_SYSTEM_EVENT_CRASH) {
			/* A report, not a stop: the guest goes on panicking. */
			msr_crash_report(vcpu);
			return true;
		}
		logmsg("vcpu%d: system event %u", vcpu->id,
		       run->system_event.type);
		if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN)
			vm_stop(vm, EXIT_POWEROFF);
		else
			vm_reset(vm, "system event");
		return false;
	case KVM_EXIT_SHUTDOWN:
		stats_count(vm, EK_SHUTDOWN);
		logmsg("vcpu%d: triple fault", vcpu->id);
		dump_regs(vcpu);
		vm_reset(vm, "triple fault");
		return false;
	default:
		stats_count(vm, EK_OTHER);
		logmsg("vcpu%d: unhandled exit reason %u", vcpu->id,
		       run->exit_reason);
		if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
			logmsg("internal error suberror %u",
			       run->internal.suberror);
		else if (run->exit_reason == KVM_EXIT_FAIL_ENTRY)
			logmsg("fail entry reason %#llx", (unsigned long long)
			       run->fail_entry.hardware_entry_failure_reason);
		dump_regs(vcpu);
		vm_stop(vm, EXIT_ERROR);
		return false;
	}
}

/* Exits answered while draining a stopped vCPU (see the end of the loop). */
#define DRAIN_EXITS_MAX	16

void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	struct vm *vm = vcpu->vm;
	int n;

	while (!atomic_load(&vm->stop)) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				stats_count(vm, EK_INTR);
				continue;
			}
			logmsg("vcpu%d: KVM_RUN: %s", vcpu->id, strerror(errno));
			vm_stop(vm, EXIT_ERROR);
			break;
		}
		if (!handle_exit(vcpu))
			break;
	}
	/*
	 * A safe point for a reset: KVM completes an exit (the data of an
	 * IN, a hypercall's result in RAX) only on the next KVM_RUN, which
	 * would land on the fresh state.  With immediate_exit set it does
	 * that and returns at once, running no guest instruction.  An access
	 * KVM splits into several exits (a 16-byte MMIO read, one crossing
	 * into a second page, a string I/O) asks for its next piece instead:
	 * answer those until KVM_RUN says EINTR, a bounded number of times.
	 */
	vcpu->run->immediate_exit = 1;
	for (n = 0; n < DRAIN_EXITS_MAX; n++) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
			break;
		if (vcpu->run->exit_reason == KVM_EXIT_MMIO)
			mmio_exit(vcpu);
		else if (vcpu->run->exit_reason == KVM_EXIT_IO)
			io_exit(vcpu);
		else
			break;
	}
	if (n == DRAIN_EXITS_MAX || errno != EINTR)
		logmsg("vcpu%d: completing the last exit: %s", vcpu->id,
		       n == DRAIN_EXITS_MAX ? "no end" : strerror(errno));
	return NULL;
}

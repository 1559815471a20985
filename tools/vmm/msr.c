// SPDX-License-Identifier: GPL-2.0-only
/*
 * MSRs KVM leaves to userspace: the Hyper-V guest idle MSR.  Also the
 * guest's crash report, which KVM keeps in MSRs.
 *
 * A Linux guest on Hyper-V uses paravirtual spinlocks when the hypervisor
 * offers HV_X64_MSR_GUEST_IDLE (0x400000f0): a waiter that has spun long
 * enough reads it, "idle until an interrupt", with interrupts off.  KVM
 * does not implement it, so hvvmm asks KVM to pass MSRs it does not know
 * to userspace (KVM_CAP_X86_USER_SPACE_MSR, KVM_MSR_EXIT_REASON_UNKNOWN)
 * and answers that one read with 0 at once: the exit itself is what the
 * waiter needs, a point where the host can run the lock holder's vCPU
 * instead of letting the waiter spin on.  Every other MSR KVM does not
 * know gets the #GP KVM would have injected.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vm.h"

#define HV_X64_MSR_GUEST_IDLE	0x400000f0u
#define HV_X64_MSR_CRASH_P0	0x40000100u

/* Before any vCPU: without the capability the guest is not offered the MSR. */
void msr_user_enable(struct vm *vm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_UNKNOWN,
	};

	vm->msr_idle = false;
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_USER_SPACE_MSR) <= 0) {
		logmsg("no KVM_CAP_X86_USER_SPACE_MSR: guest idle MSR not offered");
		return;
	}
	if (ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
		logmsg("KVM_ENABLE_CAP(X86_USER_SPACE_MSR): %s: guest idle MSR not offered",
		       strerror(errno));
		return;
	}
	vm->msr_idle = true;
}

/*
 * The guest wrote HV_X64_MSR_CRASH_CTL with CRASH_NOTIFY: log the five
 * crash parameters it left (Linux: the error code, then RIP, RAX, RBX and
 * RCX of the oops, or 0 for a plain panic).  Its panic() then flushes its
 * console and, with panic=-1, resets: hvvmm lets it run on to that.
 */
void msr_crash_report(struct vcpu *vcpu)
{
	/* The guest can report again and again: log the first few only. */
	enum { CRASH_REPORTS_LOGGED = 8 };
	struct {
		struct kvm_msrs h;
		struct kvm_msr_entry e[5];
	} m = { .h.nmsrs = 5 };
	int i;

	if (atomic_fetch_add(&vcpu->vm->crash_reports, 1) >= CRASH_REPORTS_LOGGED)
		return;
	for (i = 0; i < 5; i++)
		m.e[i].index = HV_X64_MSR_CRASH_P0 + i;
	if (ioctl(vcpu->fd, KVM_GET_MSRS, &m) != 5) {
		logmsg("vcpu%d: guest crash reported (parameters unreadable: %s)",
		       vcpu->id, strerror(errno));
		return;
	}
	logmsg("vcpu%d: guest crash reported: %#llx %#llx %#llx %#llx %#llx",
	       vcpu->id, (unsigned long long)m.e[0].data,
	       (unsigned long long)m.e[1].data, (unsigned long long)m.e[2].data,
	       (unsigned long long)m.e[3].data, (unsigned long long)m.e[4].data);
}

void msr_exit(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	if (run->exit_reason == KVM_EXIT_X86_RDMSR &&
	    run->msr.index == HV_X64_MSR_GUEST_IDLE) {
		stats_count(vcpu->vm, EK_MSR_IDLE);
		run->msr.data = 0;
		run->msr.error = 0;
		return;
	}
	stats_count(vcpu->vm, EK_MSR_OTHER);
	run->msr.error = 1;
}

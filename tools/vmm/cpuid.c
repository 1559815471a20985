// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest CPUID: KVM's supported standard leaves, with the KVM paravirt
 * leaves (0x40000000-0x400000ff) removed, plus KVM's supported Hyper-V
 * leaves re-signed as "Microsoft Hv" so that a stock Linux guest detects
 * Hyper-V and never KVM.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vm.h"

#define HV_LEAF_VENDOR		0x40000000u
#define HV_LEAF_LAST		0x400000ffu
#define MAX_ENTRIES		256
#define CPUID_1_ECX_HYPERVISOR	BIT(31)
#define HV_LEAF_FEATURES	0x40000003u
#define HV_MSR_GUEST_IDLE_AVAILABLE	BIT(10)	/* 0x40000003 eax */
#define CPUID_1_ECX_XSAVE	BIT(26)
#define CPUID_1_ECX_VMX		BIT(5)
#define CPUID_80000001_ECX_SVM	BIT(2)
#define XCR_XFEATURE_ENABLED	0	/* XCR0 */
#define XCR0_RESET		1ull	/* x87 only, as after reset */

static struct kvm_cpuid2 *cpuid_alloc(int nent)
{
	struct kvm_cpuid2 *c;

	c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
	if (!c)
		die("out of memory (cpuid)");
	c->nent = nent;
	return c;
}

static struct kvm_cpuid2 *get_cpuid(int fd, unsigned long req, const char *what)
{
	struct kvm_cpuid2 *c = cpuid_alloc(MAX_ENTRIES);

	if (ioctl(fd, req, c) < 0)
		die_errno("%s", what);
	return c;
}

static bool is_hv_leaf(u32 fn)
{
	return fn >= HV_LEAF_VENDOR && fn <= HV_LEAF_LAST;
}

/*
 * Build the template.  KVM_GET_SUPPORTED_HV_CPUID is a system ioctl when
 * KVM_CAP_SYS_HYPERV_CPUID is present; older kernels only have the vCPU
 * form, which needs a vCPU: we create a throwaway VM for it then.
 */
void cpuid_build(struct vm *vm)
{
	struct kvm_cpuid2 *std, *hv, *out;
	u32 i, n = 0;
	bool have_vendor = false;

	std = get_cpuid(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID,
			"KVM_GET_SUPPORTED_CPUID");
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYS_HYPERV_CPUID) > 0) {
		hv = get_cpuid(vm->kvm_fd, KVM_GET_SUPPORTED_HV_CPUID,
			       "KVM_GET_SUPPORTED_HV_CPUID (system)");
	} else {
		int tvm = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
		int tvcpu = tvm < 0 ? -1 : ioctl(tvm, KVM_CREATE_VCPU, 0);

		if (tvcpu < 0)
			die_errno("scratch vCPU for KVM_GET_SUPPORTED_HV_CPUID");
		hv = get_cpuid(tvcpu, KVM_GET_SUPPORTED_HV_CPUID,
			       "KVM_GET_SUPPORTED_HV_CPUID (vcpu)");
	}

	out = cpuid_alloc(std->nent + hv->nent);
	for (i = 0; i < std->nent; i++) {
		struct kvm_cpuid_entry2 *e = &out->entries[n];

		if (is_hv_leaf(std->entries[i].function))
			continue;
		*e = std->entries[i];
		/* KVM does not report it; Linux looks for no hypervisor without it. */
		if (e->function == 1)
			e->ecx |= CPUID_1_ECX_HYPERVISOR;
		/*
		 * No nested virtualization: a guest in VMX or SVM operation
		 * at a reset would make KVM refuse the power-on state, and
		 * hvvmm restores neither nested state nor its MSRs.
		 */
		if (e->function == 1)
			e->ecx &= ~CPUID_1_ECX_VMX;
		if (e->function == 0x80000001)
			e->ecx &= ~CPUID_80000001_ECX_SVM;
		n++;
	}
	for (i = 0; i < hv->nent; i++) {
		struct kvm_cpuid_entry2 *e = &out->entries[n];

		*e = hv->entries[i];
		if (e->function == HV_LEAF_VENDOR) {
			/* "Microsoft Hv" in ebx, ecx, edx; eax keeps the max leaf. */
			memcpy(&e->ebx, "Micr", 4);
			memcpy(&e->ecx, "osof", 4);
			memcpy(&e->edx, "t Hv", 4);
			have_vendor = true;
		}
		/* The guest idle MSR: hvvmm answers it (msr.c). */
		if (e->function == HV_LEAF_FEATURES && vm->msr_idle)
			e->eax |= HV_MSR_GUEST_IDLE_AVAILABLE;
		n++;
	}
	if (!have_vendor)
		die("KVM_GET_SUPPORTED_HV_CPUID returned no 0x40000000 leaf");
	out->nent = n;
	if (vm->opt.verbose)
		for (i = 0; i < n; i++)
			if (is_hv_leaf(out->entries[i].function))
				logmsg("cpuid %#x: %08x %08x %08x %08x",
				       out->entries[i].function,
				       out->entries[i].eax, out->entries[i].ebx,
				       out->entries[i].ecx, out->entries[i].edx);
	free(std);
	free(hv);
	vm->cpuid = out;
}

/* Give each vCPU its own APIC id in the leaves that report it. */
void cpuid_set_vcpu(struct vm *vm, struct vcpu *vcpu)
{
	size_t sz = sizeof(*vm->cpuid) +
		    vm->cpuid->nent * sizeof(vm->cpuid->entries[0]);
	struct kvm_cpuid2 *c = malloc(sz);
	u32 i, id = vcpu->id;

	if (!c)
		die("out of memory (cpuid)");
	memcpy(c, vm->cpuid, sz);
	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		switch (e->function) {
		case 1:
			e->ebx = (e->ebx & 0x00ffffff) | (id << 24);
			break;
		case 0xb:
		case 0x1f:
			e->edx = id;
			break;
		case 0x8000001e:
			e->eax = id;
			break;
		}
	}
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, c) < 0)
		die_errno("KVM_SET_CPUID2 vcpu %d", vcpu->id);
	free(c);
}

static bool cpuid_has_xsave(const struct kvm_cpuid2 *c)
{
	u32 i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == 1)
			return c->entries[i].ecx & CPUID_1_ECX_XSAVE;
	return false;
}

/*
 * Called once the guest has enabled SynIC, long after its FPU set-up: say
 * what XCR0 KVM holds for this vCPU.  KVM learns XCR0 only from the
 * guest's intercepted XSETBV, and sizes CPUID 0xD's EBX from it.  If it
 * is still the reset value, the guest's XSETBV never reached KVM, so the
 * guest read the legacy size and turned XSAVE off ("XSAVE consistency
 * problem").  QEMU TCG's emulated SVM does this: it never intercepts
 * XSETBV (Documentation/hvhost/testing.rst).
 */
void cpuid_report_xcr0(struct vcpu *vcpu)
{
	struct kvm_xcrs xcrs;
	u64 xcr0 = XCR0_RESET;
	u32 i;

	if (!vcpu->vm->cpuid || !cpuid_has_xsave(vcpu->vm->cpuid) ||
	    ioctl(vcpu->vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XCRS) <= 0)
		return;
	memset(&xcrs, 0, sizeof(xcrs));
	if (ioctl(vcpu->fd, KVM_GET_XCRS, &xcrs) < 0) {
		logmsg_site(vcpu->vm, LOG_SYNIC, "vcpu%d: KVM_GET_XCRS: %s",
			    vcpu->id, strerror(errno));
		return;
	}
	for (i = 0; i < xcrs.nr_xcrs && i < KVM_MAX_XCRS; i++)
		if (xcrs.xcrs[i].xcr == XCR_XFEATURE_ENABLED)
			xcr0 = xcrs.xcrs[i].value;
	logmsg_site(vcpu->vm, LOG_SYNIC, "vcpu%d: XCR0 %#llx as KVM holds it%s",
		    vcpu->id, (unsigned long long)xcr0,
		    xcr0 == XCR0_RESET ?
		    " (the reset value: no XSETBV of the guest reached KVM)" : "");
}

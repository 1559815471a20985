// SPDX-License-Identifier: GPL-2.0-only
/* VM and vCPU creation on /dev/kvm: memory, in-kernel irqchip, PIT, SynIC. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vm.h"

static void need_cap(struct vm *vm, int cap, const char *name)
{
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, cap) <= 0)
		die("KVM lacks %s", name);
}

void vm_create(struct vm *vm)
{
	struct kvm_userspace_memory_region region = { 0 };
	struct kvm_pit_config pit = { 0 };
	int ver;

	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0)
		die_errno("open /dev/kvm");
	ver = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (ver != KVM_API_VERSION)
		die("KVM API version %d, want %d", ver, KVM_API_VERSION);
	need_cap(vm, KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP");
	need_cap(vm, KVM_CAP_PIT2, "KVM_CAP_PIT2");
	need_cap(vm, KVM_CAP_HYPERV, "KVM_CAP_HYPERV");
	need_cap(vm, KVM_CAP_HYPERV_SYNIC2, "KVM_CAP_HYPERV_SYNIC2");
	need_cap(vm, KVM_CAP_HYPERV_CPUID, "KVM_CAP_HYPERV_CPUID");
	need_cap(vm, KVM_CAP_HYPERV_VP_INDEX, "KVM_CAP_HYPERV_VP_INDEX");
	need_cap(vm, KVM_CAP_HYPERV_TIME, "KVM_CAP_HYPERV_TIME");

	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		die_errno("KVM_CREATE_VM");
	msr_user_enable(vm);
	/* Intel needs a TSS slot below 4 GiB; harmless elsewhere. */
	if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0)
		logmsg("KVM_SET_TSS_ADDR failed (ignored): %s", strerror(errno));

	vm->mem_size = (u64)vm->opt.mem_mb << 20;
	vm->mem = mmap(NULL, vm->mem_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->mem == MAP_FAILED)
		die_errno("mmap guest memory");
	madvise(vm->mem, vm->mem_size, MADV_MERGEABLE);
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = vm->mem_size;
	region.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die_errno("KVM_SET_USER_MEMORY_REGION");

	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0)
		die_errno("KVM_CREATE_IRQCHIP");
	if (ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0)
		die_errno("KVM_CREATE_PIT2");
}

void vcpu_create(struct vm *vm, int id)
{
	struct vcpu *vcpu = &vm->vcpus[id];
	struct kvm_enable_cap cap = { .cap = KVM_CAP_HYPERV_SYNIC2 };
	int size;

	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0)
		die_errno("KVM_CREATE_VCPU %d", id);
	size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		die_errno("KVM_GET_VCPU_MMAP_SIZE");
	vcpu->run_size = size;
	vcpu->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED)
		die_errno("mmap kvm_run");

	cpuid_set_vcpu(vm, vcpu);
	/* SynIC (v2: SIMP/SIEFP not cleared on disable) on every vCPU. */
	if (ioctl(vcpu->fd, KVM_ENABLE_CAP, &cap) < 0)
		die_errno("KVM_ENABLE_CAP(HYPERV_SYNIC2) vcpu %d", id);
}

/*
 * Ask every vCPU to leave KVM_RUN.  The first caller's code wins; returns
 * true for it.  A vCPU thread that is inside KVM_RUN gets SIGUSR1, whose
 * handler sets immediate_exit so that a signal racing with the next
 * KVM_RUN is not lost.
 */
static bool vm_stop_first(struct vm *vm, int code)
{
	int expected = 0;
	unsigned int i;

	if (!atomic_compare_exchange_strong(&vm->stop, &expected, 1))
		return false;
	atomic_store(&vm->exit_code, code);
	/* Also called from SIGTERM: vCPUs may not all exist yet. */
	for (i = 0; i < vm->opt.cpus; i++) {
		if (!vm->vcpus[i].run)
			continue;
		vm->vcpus[i].run->immediate_exit = 1;
		if (vm->vcpus[i].thread)
			pthread_kill(vm->vcpus[i].thread, SIGUSR1);
	}
	return true;
}

void vm_stop(struct vm *vm, int code)
{
	vm_stop_first(vm, code);
}

/*
 * The guest reset itself (0xcf9, the 8042, a triple fault, a reset
 * system event): stop with EXIT_RESET and say why.  Whether it restarts
 * is the main thread's call (reset_decide()) once every vCPU has stopped.
 * A reset that loses the race to a power-off or an error is no reset.
 */
void vm_reset(struct vm *vm, const char *why)
{
	if (vm_stop_first(vm, EXIT_RESET))
		vm->reset_why = why;
}

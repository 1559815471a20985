/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvvmm: a small reference VMM on the KVM API that boots a stock Linux
 * guest as a Hyper-V (VMBus) guest.  See Documentation/vmm.rst.
 *
 * Threading: one thread per vCPU plus the main thread.  Everything a vCPU
 * thread may touch that is shared is either set up before the vCPU threads
 * start and read-only afterwards (memory layout, CPUID, options) or guarded:
 * device state by vm->io_lock, counters are atomics, vm->stop is atomic.
 */
#ifndef HVVMM_VM_H
#define HVVMM_VM_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <linux/kvm.h>
#include <linux/hvhost.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

struct vcpu_state;
struct irqchip_state;

/* The kernel's spellings; the indirection keeps checkpatch from objecting. */
#define hvvmm_attr(x)	__attribute__(x)
#define __printf(a, b)	hvvmm_attr((format(printf, a, b)))
#define __noreturn	hvvmm_attr((noreturn))
#define BIT(n)		(1U << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define HVVMM_MAX_CPUS		64
/* hvhost echo test devices --echo may ask for. */
#define HVVMM_MAX_ECHO		8
#define HVVMM_MAX_MEM_MB	3072	/* RAM stays below the 3 GiB MMIO hole */
#define HVVMM_MAX_NICS		4	/* --nic and control nic-add together */
#define HVVMM_MAX_REBOOTS	1000	/* --max-reboots upper bound */
#define HVVMM_DEF_REBOOTS	8	/* --max-reboots default */
#define NIC_MTU_MIN		68
#define NIC_MTU_MAX		9000
#define NIC_SPEC_MAX		128	/* bytes of "mac=..,mtu=..,ifname=.." */

/* Guest physical layout (see Documentation/vmm.rst). */
#define GPA_GDT			0x500ULL
#define GPA_BOOT_PARAMS		0x7000ULL
#define GPA_PML4		0x9000ULL
#define GPA_PDPT		0xa000ULL
#define GPA_PD			0xb000ULL
#define GPA_CMDLINE		0x20000ULL
#define CMDLINE_MAX		2048
#define GPA_EBDA		0x9fc00ULL
#define GPA_ACPI		0xe0000ULL	/* RSDP and all tables */
#define ACPI_AREA_SIZE		0x20000ULL
#define GPA_KERNEL		0x100000ULL
#define GPA_IOAPIC		0xfec00000ULL
#define GPA_LAPIC		0xfee00000ULL
#define GPA_VMBUS_MMIO		0xf0000000ULL	/* window in VMBus _CRS */
#define VMBUS_MMIO_SIZE		0x08000000ULL

/* Legacy ports */
#define PORT_COM1		0x3f8
#define PORT_PM1A_EVT		0x600	/* 4 bytes: status, enable */
#define PORT_PM1A_CNT		0x604	/* 2 bytes */
#define PORT_RESET		0xcf9
#define PORT_KBD_CMD		0x64
#define SCI_IRQ			9
#define COM1_IRQ		4
#define ACPI_S5_TYP		5

enum exit_kind {
	EK_IO_SERIAL,
	EK_IO_PM,
	EK_IO_OTHER,
	EK_MMIO,
	EK_HV_SYNIC,
	EK_HV_HCALL_POST,
	EK_HV_HCALL_SIGNAL,
	EK_HV_HCALL_OTHER,
	EK_HV_SYNDBG,
	EK_MSR_IDLE,
	EK_MSR_OTHER,
	EK_INTR,
	EK_SYSTEM_EVENT,
	EK_SHUTDOWN,
	EK_OTHER,
	EK_NR
};

enum phase {
	PH_BOOT,	/* start until the guest enables SynIC */
	PH_SYNIC,	/* SynIC on until the first HvPostMessage */
	PH_VMBUS,	/* VMBus traffic until power-off */
	PH_NR
};

struct stats {
	atomic_ulong count[EK_NR];
	unsigned long mark[EK_NR];	/* snapshot at phase start; main/locked */
	atomic_int phase;
	pthread_mutex_t lock;		/* serialises phase changes and printing */
};

/* 16550A UART state, under vm->io_lock. */
struct serial {
	u8 ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thri_pending;	/* THR empty interrupt not yet acknowledged */
	bool irq_level;		/* what we last told KVM */
};

/* Exit statuses (main.c). */
#define EXIT_POWEROFF		0	/* ACPI S5 */
#define EXIT_USAGE		1	/* bad usage or setup failure */
#define EXIT_RESET		2	/* guest reset, not restarted */
#define EXIT_ERROR		3	/* VMM/KVM error, or SIGTERM/SIGINT */

/* What a guest reset does (--reboot). */
enum reboot_mode {
	REBOOT_RESTART,		/* start the guest again in this process */
	REBOOT_EXIT,		/* exit with EXIT_RESET */
};

/* Per-vCPU SynIC MSR values as last reported by KVM_EXIT_HYPERV_SYNIC. */
struct synic_state {
	u64 control, evt_page, msg_page;
	bool seen;
};

struct vcpu {
	struct vm *vm;
	int id;
	int fd;
	struct kvm_run *run;
	size_t run_size;
	pthread_t thread;
	struct synic_state synic;	/* only this vCPU's thread writes it */
	struct vcpu_state *poweron;	/* state after creation (reset.c) */
};

/*
 * The link to /dev/hvhost (hvhost.c).  fd and info are set before the vCPU
 * threads start; the signal-fd table is under lock.
 */
struct hvhost_link {
	int fd;				/* -1: module absent, log and refuse */
	struct hvhost_info info;
	pthread_mutex_t lock;
	u32 *signal_ids;		/* conn ids with a bound signal eventfd */
	u32 nsignal, max_signal;
	atomic_ulong relayed_posts, relayed_signals;
};

/* A NIC as asked for: --nic or the control FIFO's nic-add (nic.c). */
struct nic_spec {
	u8 mac[6];
	u16 mtu;		/* 0: hvhost's default (1500) */
	char ifname[16];	/* "": hvnet%d */
};

/* A NIC hvvmm added; in struct nic_table under its lock. */
struct nic {
	bool used;
	struct nic_spec spec;
	char port[16];		/* the host port's name as hvhost gave it */
	u32 ifindex;
};

/*
 * The NICs hvvmm added.  The main thread adds the --nic ones before the
 * control thread starts; from then on only the control thread changes the
 * table, under the lock (kept so that the table stays safe to read).
 */
struct nic_table {
	pthread_mutex_t lock;
	struct nic nic[HVVMM_MAX_NICS];
};

struct vm_options {
	const char *kernel;
	const char *initrd;
	const char *cmdline;
	unsigned int cpus;
	unsigned long mem_mb;
	struct nic_spec nics[HVVMM_MAX_NICS];
	unsigned int nr_nics;
	const char *control;	/* --control FIFO path or NULL */
	unsigned int echo_devices;
	enum reboot_mode reboot;	/* --reboot */
	unsigned int max_reboots;	/* --max-reboots */
	const char *reboot_cmdline;	/* --reboot-cmdline, or NULL */
	bool verbose;
};

/*
 * Log lines a guest can cause at will, each site with its own budget of
 * LOG_SITE_LINES per hvvmm run (logmsg_site()): a looping guest must not
 * fill the log.
 */
enum log_site {
	LOG_CONTACT,		/* INITIATE_CONTACT seen */
	LOG_SYNIC,		/* SynIC enabled, XCR0 */
	LOG_RELAY,		/* a relay ioctl refused */
	LOG_SITE_NR,
};

#define LOG_SITE_LINES	64

struct vm {
	struct vm_options opt;
	int kvm_fd;
	int vm_fd;
	u8 *mem;
	u64 mem_size;
	struct kvm_cpuid2 *cpuid;	/* template; per-vCPU copies patch APIC ids */
	struct vcpu vcpus[HVVMM_MAX_CPUS];
	struct hvhost_link hvhost;
	struct nic_table nics;
	int control_fd;			/* the --control FIFO, or -1 */
	bool msr_idle;			/* guest idle MSR offered (msr.c) */
	atomic_uint crash_reports;	/* crash system events seen (msr.c) */
	atomic_uint log_lines[LOG_SITE_NR];	/* logmsg_site() */

	pthread_mutex_t io_lock;	/* serial, PM and CMOS state */
	struct serial serial;
	u16 pm1_cnt, pm1_en, pm1_sts;
	u8 cmos_index;

	atomic_int stop;		/* nonzero: all vCPUs leave KVM_RUN */
	atomic_int exit_code;
	atomic_int terminate;		/* SIGTERM/SIGINT: never restart */
	/*
	 * Written only by the vm_reset() that won the stop, read and cleared
	 * by the main thread after joining every vCPU thread (the join
	 * orders them); NULL: the stop was no reset.
	 */
	const char *reset_why;
	unsigned int reboots;		/* main thread only */
	struct irqchip_state *irqchip_poweron;	/* reset.c */
	struct stats stats;
};

/* util.c */
__printf(1, 2) __noreturn void die(const char *fmt, ...);
__printf(1, 2) __noreturn void die_errno(const char *fmt, ...);
__printf(1, 2) void logmsg(const char *fmt, ...);
__printf(3, 4) void logmsg_site(struct vm *vm, enum log_site site,
				const char *fmt, ...);
void *gpa_ptr(struct vm *vm, u64 gpa, u64 len);
void *read_file(const char *path, size_t *size);

/* kvm.c */
void vm_create(struct vm *vm);
void vcpu_create(struct vm *vm, int id);
void vm_stop(struct vm *vm, int code);
void vm_reset(struct vm *vm, const char *why);

/* cpuid.c */
void cpuid_build(struct vm *vm);
void cpuid_set_vcpu(struct vm *vm, struct vcpu *vcpu);
void cpuid_report_xcr0(struct vcpu *vcpu);

/* boot.c */
void boot_load(struct vm *vm);
void boot_setup_bsp(struct vm *vm, struct vcpu *vcpu);

/* acpi.c */
u64 acpi_build(struct vm *vm);

/* serial.c */
void serial_io(struct vm *vm, u16 port, bool write, u8 *data);

/* pm.c */
bool pm_io(struct vm *vm, u16 port, bool write, u8 *data, int size);

/* hyperv.c */
void hyperv_exit(struct vcpu *vcpu);
void msr_user_enable(struct vm *vm);
void msr_exit(struct vcpu *vcpu);
void msr_crash_report(struct vcpu *vcpu);

/* hvhost.c */
void hvhost_open(struct vm *vm);
void hvhost_set_synic(struct vcpu *vcpu);
bool hvhost_post_message(struct vm *vm, const struct hvhost_post_message *m,
			 u64 *status);
u64 hvhost_signal_event(struct vm *vm, u64 param);

/* nic.c */
void nic_table_init(struct nic_table *t);
void nic_format_mac(const u8 mac[6], char buf[18]);
int nic_parse(const char *arg, struct nic_spec *s, bool want_mac_only,
	      char *err, size_t errlen);
int nic_opt_add(struct vm_options *o, const char *arg, char *err,
		size_t errlen);
void nic_instance(const u8 mac[6], u8 instance[16]);
int nic_add(struct vm *vm, const struct nic_spec *s, char *msg, size_t msglen);
int nic_del(struct vm *vm, const u8 mac[6], char *msg, size_t msglen);
void nic_add_all(struct vm *vm);

/* control.c */
int control_command(struct vm *vm, const char *line, char *ans, size_t len);
void control_start(struct vm *vm);
void control_stop(struct vm *vm);

/* sint.c */
void sint_setup(struct vm *vm);

/* stats.c */
void stats_init(struct stats *s);
void stats_count(struct vm *vm, enum exit_kind k);
void stats_enter_phase(struct vm *vm, enum phase p);
void stats_print_final(struct vm *vm);
void stats_reboot(struct vm *vm);

/* reset.c */
enum reset_action { RESET_EXIT, RESET_RESTART };
int reboot_opt_parse(struct vm_options *o, const char *arg, char *err,
		     size_t errlen);
enum reset_action reset_decide(struct vm *vm);
void reset_platform(struct vm *vm);
void poweron_save(struct vm *vm);
void vm_reboot(struct vm *vm);

/* vcpu.c */
void *vcpu_thread(void *arg);

#endif /* HVVMM_VM_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvvmm self-tests that need no KVM: ACPI/AML bytes, the zero page a fake
 * bzImage gets, hypercall input validation, the UART, the platform
 * ports, --nic parsing, the control FIFO and the reset bookkeeping
 * (--reboot, reset_decide(), reset_platform()).  Prints
 * "HVHOST-TEST vmm-selftest-<group> PASS|FAIL" per group.
 *
 *   make -C tools/vmm check
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm.h"
#include "aml.h"

static int group_failures;
static int saved_stderr = -1;

/* hvvmm logs what it refuses; keep that out of the test output. */
static void quiet_stderr(void)
{
	int fd = open("/dev/null", O_WRONLY);

	fflush(stderr);
	saved_stderr = dup(2);
	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

static void restore_stderr(void)
{
	fflush(stderr);
	if (saved_stderr >= 0) {
		dup2(saved_stderr, 2);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

/* Send stderr to a fresh temporary file; restore_stderr() ends it. */
static FILE *capture_stderr(void)
{
	FILE *f = tmpfile();

	fflush(stderr);
	saved_stderr = dup(2);
	if (f)
		dup2(fileno(f), 2);
	return f;
}

/* Lines of @f that contain @what. */
static int count_lines(FILE *f, const char *what)
{
	char line[512];
	int n = 0;

	rewind(f);
	while (fgets(line, sizeof(line), f))
		n += !!strstr(line, what);
	return n;
}

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "selftest: %s:%d: %s\n", __FILE__,	\
			__LINE__, #cond);				\
		group_failures++;					\
	}								\
} while (0)

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

static u8 sum(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

static struct vm *new_vm(unsigned int cpus)
{
	struct vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		die("out of memory");
	vm->opt.cpus = cpus;
	vm->opt.mem_mb = 64;
	vm->opt.cmdline = "console=ttyS0 quiet";
	vm->mem_size = 64ULL << 20;
	vm->mem = calloc(1, vm->mem_size);
	if (!vm->mem)
		die("out of memory");
	vm->vm_fd = -1;
	vm->kvm_fd = -1;
	vm->hvhost.fd = -1;
	pthread_mutex_init(&vm->io_lock, NULL);
	stats_init(&vm->stats);
	return vm;
}

static void free_vm(struct vm *vm)
{
	free(vm->mem);
	free(vm);
}

static u8 *table_at(struct vm *vm, u64 gpa, const char *sig)
{
	u8 *t = gpa_ptr(vm, gpa, 36);

	if (!t || memcmp(t, sig, 4) || !gpa_ptr(vm, gpa, rd32(t + 4)))
		return NULL;
	return t;
}

/* The DSDT, encoded by hand from the ASL in Documentation/vmm.rst. */
static const u8 dsdt_aml[] = {
	0x10, 0x4d, 0x04, '\\', '_', 'S', 'B', '_',		/* Scope */
	0x5b, 0x82, 0x44, 0x04, 'V', 'M', 'B', 'S',		/* Device */
	0x08, '_', 'H', 'I', 'D', 0x0d, 'V', 'M', 'B', 'u', 's', 0,
	0x08, '_', 'U', 'I', 'D', 0x00,
	0x08, '_', 'S', 'T', 'A', 0x0a, 0x0f,
	0x08, '_', 'C', 'R', 'S', 0x11, 0x1f, 0x0a, 0x1c,
	0x87, 0x17, 0x00, 0x00, 0x0c, 0x01,			/* DWordMemory */
	0, 0, 0, 0,  0x00, 0x00, 0x00, 0xf0,  0xff, 0xff, 0xff, 0xf7,
	0, 0, 0, 0,  0x00, 0x00, 0x00, 0x08,
	0x79, 0x00,						/* End tag */
	0x08, '\\', '_', 'S', '5', '_', 0x12, 0x08, 0x04,	/* \_S5 */
	0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
};

static void test_acpi(void)
{
	struct vm *vm = new_vm(3);
	u8 *rsdp, *xsdt, *fadt = NULL, *madt = NULL, *dsdt, *facs, *e;
	u64 addr = acpi_build(vm);
	unsigned int i, n, lapics = 0;

	CHECK(addr == GPA_ACPI);
	rsdp = gpa_ptr(vm, addr, 36);
	CHECK(!memcmp(rsdp, "RSD PTR ", 8));
	CHECK(sum(rsdp, 20) == 0);
	CHECK(sum(rsdp, 36) == 0);
	CHECK(rsdp[15] == 2);
	xsdt = table_at(vm, rd64(rsdp + 24), "XSDT");
	CHECK(xsdt && sum(xsdt, rd32(xsdt + 4)) == 0);
	if (!xsdt)
		goto out;
	n = (rd32(xsdt + 4) - 36) / 8;
	CHECK(n == 2);
	for (i = 0; i < n; i++) {
		u64 a = rd64(xsdt + 36 + i * 8);

		if (table_at(vm, a, "FACP"))
			fadt = table_at(vm, a, "FACP");
		if (table_at(vm, a, "APIC"))
			madt = table_at(vm, a, "APIC");
	}
	CHECK(fadt && madt);
	if (!fadt || !madt)
		goto out;
	CHECK(rd32(fadt + 4) == 276 && sum(fadt, 276) == 0);
	CHECK(rd32(fadt + 56) == PORT_PM1A_EVT && fadt[88] == 4);
	CHECK(rd32(fadt + 64) == PORT_PM1A_CNT && fadt[89] == 2);
	CHECK(fadt[46] == SCI_IRQ && rd32(fadt + 48) == 0);
	CHECK(rd32(fadt + 76) == 0 && fadt[91] == 0);		/* no PM timer */
	CHECK(rd64(fadt + 140) == rd32(fadt + 40));		/* X_DSDT */
	facs = gpa_ptr(vm, rd32(fadt + 36), 64);
	CHECK(facs && !memcmp(facs, "FACS", 4) && (rd32(fadt + 36) & 63) == 0);
	dsdt = table_at(vm, rd32(fadt + 40), "DSDT");
	CHECK(dsdt && sum(dsdt, rd32(dsdt + 4)) == 0);
	CHECK(dsdt && rd32(dsdt + 4) == 36 + sizeof(dsdt_aml));
	CHECK(dsdt && !memcmp(dsdt + 36, dsdt_aml, sizeof(dsdt_aml)));

	CHECK(sum(madt, rd32(madt + 4)) == 0);
	CHECK(rd32(madt + 36) == GPA_LAPIC);
	for (e = madt + 44; e < madt + rd32(madt + 4); e += e[1]) {
		if (e[1] < 2)
			break;
		if (e[0] == 0) {
			CHECK(e[3] == lapics && rd32(e + 4) == 1);
			lapics++;
		}
		if (e[0] == 1)
			CHECK(rd32(e + 4) == GPA_IOAPIC);
	}
	CHECK(lapics == 3);
out:
	free_vm(vm);
}

static void test_aml_pkglength(void)
{
	struct aml a = { .len = 0 };
	u8 body[200] = { 0 };
	size_t p;

	p = aml_open(&a);		/* 62 bytes + 1 = 63: one byte */
	aml_bytes(&a, body, 62);
	aml_close(&a, p);
	CHECK(a.len == 63 && a.buf[0] == 63);

	a.len = 0;
	p = aml_open(&a);		/* 63 bytes + 2 = 65: two bytes */
	aml_bytes(&a, body, 63);
	aml_close(&a, p);
	CHECK(a.len == 65 && a.buf[0] == (0x40 | (65 & 0xf)) && a.buf[1] == 65 >> 4);

	a.len = 0;
	aml_integer(&a, 0x1234);
	CHECK(a.len == 3 && a.buf[0] == 0x0b && a.buf[1] == 0x34 && a.buf[2] == 0x12);
}

static char *write_tmp(const void *p, size_t n)
{
	char *path = strdup("/tmp/hvvmm-selftest-XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		die_errno("tmp file");
	close(fd);
	return path;
}

static u8 *fake_bzimage(size_t *size)
{
	size_t n = 5 * 512 + 8192;
	u8 *k = calloc(1, n);

	if (!k)
		die("out of memory");
	k[0x1f1] = 4;				/* setup_sects */
	k[0x1fe] = 0x55;
	k[0x1ff] = 0xaa;
	k[0x201] = 0x6a;			/* header ends at 0x26c */
	memcpy(k + 0x202, "HdrS", 4);
	k[0x206] = 0x0f;			/* protocol 2.15 */
	k[0x207] = 0x02;
	k[0x211] = 0x01;			/* LOADED_HIGH */
	memcpy(k + 0x22c, &(u32){ 0x7fffffff }, 4);
	memcpy(k + 0x236, &(u16){ 0x1 }, 2);	/* XLF_KERNEL_64 */
	memcpy(k + 0x238, &(u32){ 2047 }, 4);
	memcpy(k + 0x260, &(u32){ 0x200000 }, 4);	/* init_size */
	memset(k + 5 * 512, 0xab, 8192);	/* "kernel" */
	*size = n;
	return k;
}

static void test_boot(void)
{
	struct vm *vm = new_vm(1);
	size_t ksize;
	u8 *k = fake_bzimage(&ksize), initrd[5000], *bp, *e;
	u64 rd;
	int status;
	pid_t pid;

	memset(initrd, 0xcd, sizeof(initrd));
	vm->opt.kernel = write_tmp(k, ksize);
	vm->opt.initrd = write_tmp(initrd, sizeof(initrd));
	boot_load(vm);
	bp = vm->mem + GPA_BOOT_PARAMS;
	CHECK(bp[0x210] == 0xff);			/* type_of_loader */
	CHECK(bp[0x211] == (0x01 | 0x80));		/* + CAN_USE_HEAP */
	CHECK(rd32(bp + 0x228) == GPA_CMDLINE);
	CHECK(!strcmp((char *)vm->mem + GPA_CMDLINE, vm->opt.cmdline));
	rd = rd32(bp + 0x218);
	CHECK(rd32(bp + 0x21c) == sizeof(initrd));
	CHECK((rd & 0xfff) == 0 && rd + sizeof(initrd) <= vm->mem_size &&
	      vm->mem_size - rd < sizeof(initrd) + 0x1000);
	CHECK(vm->mem[rd] == 0xcd && vm->mem[rd + sizeof(initrd) - 1] == 0xcd);
	CHECK(vm->mem[GPA_KERNEL] == 0xab && vm->mem[GPA_KERNEL + 8191] == 0xab);
	CHECK(rd64(bp + 0x070) == GPA_ACPI);
	CHECK(bp[0x1e8] == 4);
	e = bp + 0x2d0;
	CHECK(rd64(e) == 0 && rd64(e + 8) == GPA_EBDA && rd32(e + 16) == 1);
	e += 3 * 20;
	CHECK(rd64(e) == GPA_KERNEL && rd64(e + 8) == vm->mem_size - GPA_KERNEL &&
	      rd32(e + 16) == 1);
	unlink(vm->opt.kernel);
	free((char *)vm->opt.kernel);

	/* Not a bzImage: a clean error exit, not a crash. */
	memset(k + 0x202, 0, 4);
	vm->opt.kernel = write_tmp(k, ksize);
	pid = fork();
	if (pid == 0) {
		quiet_stderr();
		boot_load(vm);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	unlink(vm->opt.kernel);
	unlink(vm->opt.initrd);
	free((char *)vm->opt.kernel);
	free((char *)vm->opt.initrd);
	free(k);
	free_vm(vm);
}

static u64 hcall(struct vcpu *v, u64 input, u64 in_gpa, u64 out_gpa)
{
	memset(v->run, 0, sizeof(*v->run));
	v->run->exit_reason = KVM_EXIT_HYPERV;
	v->run->hyperv.type = KVM_EXIT_HYPERV_HCALL;
	v->run->hyperv.u.hcall.input = input;
	v->run->hyperv.u.hcall.params[0] = in_gpa;
	v->run->hyperv.u.hcall.params[1] = out_gpa;
	v->run->hyperv.u.hcall.result = 0xdead;
	hyperv_exit(v);
	return v->run->hyperv.u.hcall.result;
}

static void put_msg(struct vm *vm, u64 gpa, u32 type, u32 size)
{
	u8 *p = vm->mem + gpa;
	u32 ic[4] = { 14, 0, 0x50003, 0 };	/* INITIATE_CONTACT 5.3 */

	memcpy(p, &(u32){ 4 }, 4);		/* connection id */
	memcpy(p + 8, &type, 4);
	memcpy(p + 12, &size, 4);
	memcpy(p + 16, ic, sizeof(ic));
}

/*
 * A guest that loops on INITIATE_CONTACT gets LOG_SITE_LINES log lines
 * in all, then one saying so, however long it loops.
 */
static void test_log_flood(struct vm *vm, struct vcpu *v, u64 page)
{
	FILE *f = capture_stderr();
	unsigned int before = atomic_load(&vm->log_lines[LOG_CONTACT]);
	int i;

	CHECK(f);
	if (!f) {
		restore_stderr();
		return;
	}
	put_msg(vm, page, 1, 32);
	for (i = 0; i < 3 * LOG_SITE_LINES; i++)
		hcall(v, 0x5c, page, 0);
	restore_stderr();
	CHECK(count_lines(f, "INITIATE_CONTACT version 5.3") ==
	      (int)(LOG_SITE_LINES - before));
	CHECK(count_lines(f, "that was the last such line") == 1);
	fclose(f);
}

static void test_hypercalls(void)
{
	struct vm *vm = new_vm(1);
	struct vcpu *v = &vm->vcpus[0];
	u64 page = 0x300000, out = 0x301000;

	v->vm = vm;
	v->run = calloc(1, sizeof(*v->run));
	quiet_stderr();

	put_msg(vm, page, 1, 32);
	CHECK(hcall(v, 0x5c, page, 0) == 18);		/* no hvhost: refused */
	CHECK(atomic_load(&vm->stats.count[EK_HV_HCALL_POST]) == 1);
	CHECK(hcall(v, 0x5c, page + 4, 0) == 4);	/* misaligned */
	CHECK(hcall(v, 0x5c, page + 0xf08, 0) == 4);	/* crosses a page */
	CHECK(hcall(v, 0x5c, vm->mem_size, 0) == 5);	/* outside RAM */
	CHECK(hcall(v, 0x5c, ~0ULL & ~0xfffULL, 0) == 5);
	CHECK(hcall(v, 0x5c | (1 << 16), page, 0) == 3);	/* fast */
	put_msg(vm, page, 1, 241);
	CHECK(hcall(v, 0x5c, page, 0) == 5);		/* payload too big */
	put_msg(vm, page, 0, 32);
	CHECK(hcall(v, 0x5c, page, 0) == 5);		/* message type 0 */
	put_msg(vm, page, 0x80000001, 32);
	CHECK(hcall(v, 0x5c, page, 0) == 5);		/* reserved type */

	CHECK(hcall(v, 0x5d | (1 << 16), 0x10001, 0) == 18);	/* no hvhost */
	/* Slow: KVM already read the input, params[0] is not an address. */
	CHECK(hcall(v, 0x5d, 0x2003, 0) == 18);
	CHECK(hcall(v, 0x5d, 0x1000002, 0) == 3);	/* reserved bits */
	CHECK(hcall(v, 0x5d | (1 << 16), 1ull << 48, 0) == 3);
	CHECK(hcall(v, 0x1234, 0, 0) == 2);		/* unknown code */

	memset(vm->mem + out, 0xee, 8);
	CHECK(hcall(v, 0x8001, 0, out) == 0);		/* ext caps: none */
	CHECK(rd64(vm->mem + out) == 0);
	CHECK(hcall(v, 0x8001, 0, vm->mem_size - 4) == 4);
	CHECK(hcall(v, 0x8001, 0, vm->mem_size) == 5);
	CHECK(hcall(v, 0x8001 | (1 << 16), 0, out) == 3);

	/* A SynIC exit is recorded and moves the phase on. */
	memset(v->run, 0, sizeof(*v->run));
	v->run->hyperv.type = KVM_EXIT_HYPERV_SYNIC;
	v->run->hyperv.u.synic.msr = 0x40000080;
	v->run->hyperv.u.synic.control = 1;
	v->run->hyperv.u.synic.msg_page = 0x400001;
	hyperv_exit(v);
	CHECK(v->synic.control == 1 && v->synic.msg_page == 0x400001);
	CHECK(atomic_load(&vm->stats.phase) == PH_VMBUS);

	/* The guest idle MSR reads 0; any other unknown MSR gets #GP. */
	memset(v->run, 0, sizeof(*v->run));
	v->run->exit_reason = KVM_EXIT_X86_RDMSR;
	v->run->msr.index = 0x400000f0;
	v->run->msr.data = 0xdead;
	v->run->msr.error = 1;
	msr_exit(v);
	CHECK(v->run->msr.error == 0 && v->run->msr.data == 0);
	CHECK(atomic_load(&vm->stats.count[EK_MSR_IDLE]) == 1);
	v->run->exit_reason = KVM_EXIT_X86_WRMSR;
	msr_exit(v);
	CHECK(v->run->msr.error == 1);
	v->run->exit_reason = KVM_EXIT_X86_RDMSR;
	v->run->msr.index = 0xc0010007;
	v->run->msr.error = 0;
	msr_exit(v);
	CHECK(v->run->msr.error == 1);
	CHECK(atomic_load(&vm->stats.count[EK_MSR_OTHER]) == 2);
	CHECK(atomic_load(&vm->stats.count[EK_MSR_IDLE]) == 1);
	restore_stderr();
	test_log_flood(vm, v, page);
	free(v->run);
	free_vm(vm);
}

static u8 uart(struct vm *vm, int reg, int write, u8 v)
{
	serial_io(vm, PORT_COM1 + reg, write, &v);
	return v;
}

static void test_serial(void)
{
	struct vm *vm = new_vm(1);
	FILE *f = tmpfile();
	int saved = dup(1);
	char buf[8] = { 0 };

	quiet_stderr();				/* no KVM: KVM_IRQ_LINE fails */
	uart(vm, 7, 1, 0x5a);
	CHECK(uart(vm, 7, 0, 0) == 0x5a);		/* scratch */
	uart(vm, 1, 1, 0x0f);
	CHECK(uart(vm, 1, 0, 0) == 0x0f);		/* IER read back */
	uart(vm, 1, 1, 0);
	uart(vm, 4, 1, 0x1a);				/* loop | RTS | OUT2 */
	CHECK((uart(vm, 6, 0, 0) & 0xf0) == 0x90);
	uart(vm, 4, 1, 0x0b);
	uart(vm, 2, 1, 0x01);				/* FIFO on */
	CHECK((uart(vm, 2, 0, 0) & 0xc0) == 0xc0);
	CHECK(uart(vm, 5, 0, 0) == 0x60);		/* THR empty, idle */
	CHECK(uart(vm, 2, 0, 0) == 0xc1);		/* nothing pending */

	uart(vm, 1, 1, 0x02);				/* THR-empty irq on */
	CHECK(vm->serial.irq_level);
	CHECK(uart(vm, 2, 0, 0) == 0xc2);		/* ... reported once */
	CHECK(!vm->serial.irq_level);
	CHECK(uart(vm, 2, 0, 0) == 0xc1);

	fflush(stdout);
	dup2(fileno(f), 1);
	uart(vm, 0, 1, 'h');
	CHECK(vm->serial.irq_level);			/* sent: empty again */
	uart(vm, 0, 1, 'i');
	uart(vm, 0, 1, '\n');
	fflush(stdout);
	dup2(saved, 1);
	rewind(f);
	CHECK(fread(buf, 1, sizeof(buf), f) == 3 && !memcmp(buf, "hi\n", 3));

	uart(vm, 3, 1, 0x80);				/* DLAB */
	uart(vm, 0, 1, 0x01);
	CHECK(uart(vm, 0, 0, 0) == 0x01);		/* divisor, not data */
	restore_stderr();
	fclose(f);
	close(saved);
	free_vm(vm);
}

static void test_platform(void)
{
	struct vm *vm = new_vm(0);
	u8 d[2];

	quiet_stderr();
	CHECK(pm_io(vm, PORT_PM1A_CNT, 0, d, 2) && (d[0] & 1));	/* SCI_EN */
	memcpy(d, &(u16){ 5 << 10 }, 2);			/* SLP_TYP only */
	pm_io(vm, PORT_PM1A_CNT, 1, d, 2);
	CHECK(atomic_load(&vm->stop) == 0);
	memcpy(d, &(u16){ (5 << 10) | (1 << 13) }, 2);		/* + SLP_EN */
	pm_io(vm, PORT_PM1A_CNT, 1, d, 2);
	CHECK(atomic_load(&vm->stop) == 1 && atomic_load(&vm->exit_code) == 0);
	free_vm(vm);

	vm = new_vm(0);
	memcpy(d, &(u16){ (3 << 10) | (1 << 13) }, 2);		/* S3: ignored */
	pm_io(vm, PORT_PM1A_CNT, 1, d, 2);
	CHECK(atomic_load(&vm->stop) == 0);
	d[0] = 0x06;
	CHECK(pm_io(vm, PORT_RESET, 1, d, 1));
	CHECK(atomic_load(&vm->stop) == 1 && atomic_load(&vm->exit_code) == 2);
	free_vm(vm);

	vm = new_vm(0);
	d[0] = 0x0a;
	pm_io(vm, 0x70, 1, d, 1);
	pm_io(vm, 0x71, 0, d, 1);
	CHECK(!(d[0] & 0x80));				/* no update in progress */
	CHECK(!pm_io(vm, 0x2f8, 0, d, 1));		/* not ours */

	CHECK(gpa_ptr(vm, vm->mem_size, 0));
	CHECK(!gpa_ptr(vm, vm->mem_size - 1, 2));
	CHECK(!gpa_ptr(vm, ~0ULL, 2));
	CHECK(!gpa_ptr(vm, 16, ~0ULL));
	restore_stderr();
	free_vm(vm);
}

/* --nic specs: what is accepted, and that every bad one is refused. */
static void test_nic_parse(void)
{
	static const char * const bad[] = {
		"", "mac=", "mtu=1500", "mac=00:15:5d:00:00:01,",
		"mac=00:15:5d:00:00:0", "mac=00:15:5d:00:00:011",
		"mac=00-15-5d-00-00-01", "mac=00:15:5d:00:00:0g",
		"mac=01:15:5d:00:00:01", "mac=00:00:00:00:00:00",
		"mac=+0:15:5d:00:00:01", "mac= 0:15:5d:00:00:01",
		"mac=00:15:5d:00:00:01,mtu=67", "mac=00:15:5d:00:00:01,mtu=9001",
		"mac=00:15:5d:00:00:01,mtu=", "mac=00:15:5d:00:00:01,mtu=-1500",
		"mac=00:15:5d:00:00:01,mtu=1500x", "mac=00:15:5d:00:00:01,mtu=99999999",
		"mac=00:15:5d:00:00:01,ifname=", "mac=00:15:5d:00:00:01,ifname=a/b",
		"mac=00:15:5d:00:00:01,ifname=a:b", "mac=00:15:5d:00:00:01,ifname=a b",
		"mac=00:15:5d:00:00:01,ifname=..", "mac=00:15:5d:00:00:01,ifname=h%d",
		"mac=00:15:5d:00:00:01,ifname=0123456789abcdef",
		"mac=00:15:5d:00:00:01,mac=00:15:5d:00:00:02",
		"mac=00:15:5d:00:00:01,mtu=1500,mtu=1500",
		"mac=00:15:5d:00:00:01,speed=10", "mac00:15:5d:00:00:01",
		"mac=00:15:5d:00:00:01,,mtu=1500",
	};
	struct nic_spec s;
	char err[160];
	unsigned int i;

	CHECK(!nic_parse("mac=00:15:5D:c0:00:02", &s, false, err, sizeof(err)));
	CHECK(!memcmp(s.mac, "\x00\x15\x5d\xc0\x00\x02", 6));
	CHECK(s.mtu == 0 && s.ifname[0] == '\0');
	CHECK(!nic_parse("ifname=port-a.1,mtu=9000,mac=02:00:00:00:00:ff", &s,
			 false, err, sizeof(err)));
	CHECK(!memcmp(s.mac, "\x02\x00\x00\x00\x00\xff", 6));
	CHECK(s.mtu == 9000 && !strcmp(s.ifname, "port-a.1"));
	CHECK(!nic_parse("mac=00:15:5d:00:00:01,mtu=68,ifname=0123456789abcde",
			 &s, false, err, sizeof(err)));
	CHECK(s.mtu == 68 && strlen(s.ifname) == 15);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		err[0] = '\0';
		if (!nic_parse(bad[i], &s, false, err, sizeof(err)) || !err[0]) {
			fprintf(stderr, "selftest: accepted --nic '%s'\n", bad[i]);
			group_failures++;
		}
	}
	/* nic-del takes the MAC only. */
	CHECK(!nic_parse("mac=00:15:5d:00:00:01", &s, true, err, sizeof(err)));
	CHECK(nic_parse("mac=00:15:5d:00:00:01,mtu=1500", &s, true, err,
			sizeof(err)));
}

/* --nic repeated: four at most, no MAC or port name twice. */
static void test_nic_options(void)
{
	struct vm_options o;
	u8 inst[16];
	char err[160], mac[18];

	memset(&o, 0, sizeof(o));
	CHECK(!nic_opt_add(&o, "mac=00:15:5d:00:00:01", err, sizeof(err)));
	CHECK(!nic_opt_add(&o, "mac=00:15:5d:00:00:02,ifname=p2", err, sizeof(err)));
	CHECK(nic_opt_add(&o, "mac=00:15:5d:00:00:01,mtu=9000", err, sizeof(err)));
	CHECK(nic_opt_add(&o, "mac=00:15:5d:00:00:03,ifname=p2", err, sizeof(err)));
	CHECK(!nic_opt_add(&o, "mac=00:15:5d:00:00:03", err, sizeof(err)));
	CHECK(!nic_opt_add(&o, "mac=00:15:5d:00:00:04,mtu=9000", err, sizeof(err)));
	CHECK(nic_opt_add(&o, "mac=00:15:5d:00:00:05", err, sizeof(err)));
	CHECK(o.nr_nics == 4 && o.nics[3].mtu == 9000 && o.nics[3].mac[5] == 4);
	CHECK(!strcmp(o.nics[1].ifname, "p2"));

	/* 6876686e-0000-4000-8000-00155dc00002, wire byte order. */
	nic_instance((const u8 *)"\x00\x15\x5d\xc0\x00\x02", inst);
	CHECK(!memcmp(inst, "\x6e\x68\x76\x68\x00\x00\x00\x40\x80\x00"
			    "\x00\x15\x5d\xc0\x00\x02", 16));
	nic_format_mac(inst + 10, mac);
	CHECK(!strcmp(mac, "00:15:5d:c0:00:02"));
}

/* Wait up to 2 s for @path to hold @n lines; returns its text. */
static char *wait_lines(const char *path, int n)
{
	static char text[4096];
	int i, lines;

	for (i = 0; i < 200; i++) {
		size_t len = 0;
		FILE *f = fopen(path, "r");

		if (f) {
			len = fread(text, 1, sizeof(text) - 1, f);
			fclose(f);
		}
		text[len] = '\0';
		lines = 0;
		for (char *p = text; (p = strchr(p, '\n')); p++)
			lines++;
		if (lines >= n)
			break;
		usleep(10000);
	}
	return text;
}

/*
 * The control FIFO: each command is answered on stderr, bad ones with an
 * error, and the reader survives an overlong line and writers that close.
 * Without /dev/hvhost (and with an fd that is not hvhost) a NIC cannot be
 * added, which is answered too.
 */
static void test_control(void)
{
	struct vm *vm = new_vm(1);
	char fifo[] = "/tmp/hvvmm-selftest-fifoXXXXXX";
	char logf[] = "/tmp/hvvmm-selftest-logXXXXXX";
	char ans[200], big[400], *text;
	int lfd, w;

	CHECK(control_command(vm, "nic-add mac=00:15:5d:00:00:01", ans,
			      sizeof(ans)) && !strcmp(ans, "error no /dev/hvhost"));
	CHECK(control_command(vm, "nic-add mac=00:15:5d:00:00:01,mtu=1", ans,
			      sizeof(ans)) && !strncmp(ans, "error mtu must be", 17));
	CHECK(control_command(vm, "nic-del mac=00:15:5d:00:00:01", ans,
			      sizeof(ans)) && !strncmp(ans, "error ", 6));
	CHECK(control_command(vm, "reboot", ans, sizeof(ans)) &&
	      !strncmp(ans, "error unknown command", 21));
	vm->hvhost.fd = open("/dev/null", O_RDWR);
	CHECK(control_command(vm, "nic-add mac=00:15:5d:00:00:01", ans,
			      sizeof(ans)) &&
	      !strncmp(ans, "error HVHOST_ADD_DEVICE: ", 25));
	CHECK(control_command(vm, "nic-del mac=00:15:5d:00:00:01", ans,
			      sizeof(ans)) && !strcmp(ans, "error no NIC with that MAC"));

	/* The FIFO itself; hvvmm's log goes to a file for the test. */
	lfd = mkstemp(logf);
	close(mkstemp(fifo));
	unlink(fifo);
	CHECK(lfd >= 0);
	fflush(stderr);
	saved_stderr = dup(2);
	dup2(lfd, 2);
	close(lfd);
	vm->opt.control = fifo;
	control_start(vm);
	w = open(fifo, O_WRONLY);
	CHECK(w >= 0);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	CHECK(write(w, "# comment\n\nbogus\n", 17) == 17);
	CHECK(write(w, big, sizeof(big)) == sizeof(big));
	close(w);
	w = open(fifo, O_WRONLY);
	CHECK(write(w, "nic-del mac=00:15:5d:00:00:09\n", 30) == 30);
	close(w);
	text = wait_lines(logf, 4);
	restore_stderr();
	CHECK(strstr(text, "hvvmm: control: reading commands from"));
	CHECK(strstr(text, "hvvmm: control: bogus: error unknown command"));
	CHECK(strstr(text, "hvvmm: control: line longer than 256 bytes"));
	CHECK(strstr(text, "control: nic-del mac=00:15:5d:00:00:09: error no NIC"));
	CHECK(!strstr(text, "comment"));
	control_stop(vm);
	CHECK(access(fifo, F_OK) != 0);
	unlink(logf);
	close(vm->hvhost.fd);
	free_vm(vm);
}

/* vm_reset(): the first stop wins, and only a winning reset says why. */
static void test_reset_stop(void)
{
	struct vm *vm = new_vm(0);
	u8 d = 0xfe;

	vm_reset(vm, "test");
	CHECK(atomic_load(&vm->stop) == 1);
	CHECK(atomic_load(&vm->exit_code) == EXIT_RESET);
	CHECK(!strcmp(vm->reset_why, "test"));
	vm_reset(vm, "second");
	CHECK(!strcmp(vm->reset_why, "test"));
	free_vm(vm);

	vm = new_vm(0);
	vm_stop(vm, EXIT_POWEROFF);
	vm_reset(vm, "late");			/* lost to the power-off */
	CHECK(atomic_load(&vm->exit_code) == EXIT_POWEROFF);
	CHECK(!vm->reset_why);
	CHECK(reset_decide(vm) == RESET_EXIT);
	CHECK(vm->reboots == 0);
	free_vm(vm);

	vm = new_vm(0);
	CHECK(pm_io(vm, PORT_KBD_CMD, 1, &d, 1));	/* 8042 pulse */
	CHECK(atomic_load(&vm->exit_code) == EXIT_RESET);
	CHECK(!strcmp(vm->reset_why, "8042"));
	free_vm(vm);
}

/* Restart until --max-reboots, never with --reboot=exit or after SIGTERM. */
static void test_reset_decide(void)
{
	struct vm *vm = new_vm(0);
	struct vm_options o;
	char err[160];
	unsigned int i;

	memset(&o, 0, sizeof(o));
	CHECK(!reboot_opt_parse(&o, "exit", err, sizeof(err)));
	CHECK(o.reboot == REBOOT_EXIT);
	CHECK(!reboot_opt_parse(&o, "restart", err, sizeof(err)));
	CHECK(o.reboot == REBOOT_RESTART);
	err[0] = '\0';
	CHECK(reboot_opt_parse(&o, "reboot", err, sizeof(err)) && err[0]);
	CHECK(reboot_opt_parse(&o, "", err, sizeof(err)));
	CHECK(reboot_opt_parse(&o, "exit ", err, sizeof(err)));
	CHECK(o.reboot == REBOOT_RESTART);	/* a refusal changes nothing */

	vm->opt.reboot = REBOOT_RESTART;
	vm->opt.max_reboots = 3;
	for (i = 1; i <= 4; i++) {
		atomic_store(&vm->stop, 0);
		vm->reset_why = NULL;
		vm_reset(vm, "0xcf9");
		if (i <= 3) {
			CHECK(reset_decide(vm) == RESET_RESTART);
			CHECK(vm->reboots == i);
		} else {
			CHECK(reset_decide(vm) == RESET_EXIT);
			CHECK(vm->reboots == 3);
			CHECK(atomic_load(&vm->exit_code) == EXIT_RESET);
		}
	}
	free_vm(vm);

	vm = new_vm(0);
	vm->opt.reboot = REBOOT_EXIT;
	vm->opt.max_reboots = 8;
	vm_reset(vm, "triple fault");
	CHECK(reset_decide(vm) == RESET_EXIT);
	CHECK(vm->reboots == 0 && atomic_load(&vm->exit_code) == EXIT_RESET);
	free_vm(vm);

	vm = new_vm(0);
	vm->opt.max_reboots = 8;
	vm_reset(vm, "0xcf9");
	atomic_store(&vm->terminate, 1);	/* SIGTERM while stopping */
	CHECK(reset_decide(vm) == RESET_EXIT);
	CHECK(vm->reboots == 0 && atomic_load(&vm->exit_code) == EXIT_ERROR);
	free_vm(vm);

	vm = new_vm(0);
	vm->opt.max_reboots = 0;		/* --max-reboots 0: never */
	vm_reset(vm, "0xcf9");
	CHECK(reset_decide(vm) == RESET_EXIT);
	CHECK(atomic_load(&vm->exit_code) == EXIT_RESET);
	free_vm(vm);
}

/* hvvmm's per-boot device and SynIC state goes back to power-on. */
static void test_reset_platform(void)
{
	struct vm *vm = new_vm(2);
	u8 d[2];

	uart(vm, 3, 1, 0x03);				/* LCR */
	uart(vm, 7, 1, 0x5a);				/* scratch */
	uart(vm, 1, 1, 0x02);				/* IER: THRI */
	vm->serial.irq_level = true;
	memcpy(d, &(u16){ 0x0100 }, 2);
	pm_io(vm, PORT_PM1A_EVT + 2, 1, d, 2);		/* PM1_EN */
	d[0] = 0x0b;
	pm_io(vm, 0x70, 1, d, 1);
	vm->vcpus[1].synic.control = 1;
	vm->vcpus[1].synic.msg_page = 0x1001;
	vm->vcpus[1].synic.seen = true;
	stats_enter_phase(vm, PH_VMBUS);

	reset_platform(vm);
	CHECK(uart(vm, 7, 0, 0) == 0 && uart(vm, 3, 0, 0) == 0);
	CHECK(uart(vm, 1, 0, 0) == 0 && !vm->serial.irq_level);
	CHECK(uart(vm, 2, 0, 0) == 0x01);		/* no interrupt, no FIFO */
	pm_io(vm, PORT_PM1A_EVT + 2, 0, d, 2);
	CHECK(d[0] == 0 && d[1] == 0);
	CHECK(vm->cmos_index == 0);
	CHECK(!vm->vcpus[1].synic.control && !vm->vcpus[1].synic.msg_page &&
	      !vm->vcpus[1].synic.seen);
	CHECK(atomic_load(&vm->stats.phase) == PH_BOOT);
	stats_enter_phase(vm, PH_SYNIC);		/* the next boot's phases */
	CHECK(atomic_load(&vm->stats.phase) == PH_SYNIC);
	free_vm(vm);
}

static void test_reboot(void)
{
	quiet_stderr();
	test_reset_stop();
	test_reset_decide();
	test_reset_platform();
	restore_stderr();
}

static int run(const char *name, void (*fn)(void))
{
	group_failures = 0;
	fn();
	printf("HVHOST-TEST vmm-selftest-%s %s\n", name,
	       group_failures ? "FAIL" : "PASS");
	fflush(stdout);
	return !!group_failures;
}

int main(void)
{
	int failed = 0;

	failed += run("acpi", test_acpi);
	failed += run("aml", test_aml_pkglength);
	failed += run("boot", test_boot);
	failed += run("hypercalls", test_hypercalls);
	failed += run("serial", test_serial);
	failed += run("platform", test_platform);
	failed += run("nic-parse", test_nic_parse);
	failed += run("nic-options", test_nic_options);
	failed += run("control", test_control);
	failed += run("reboot", test_reboot);
	return failed ? 1 : 0;
}

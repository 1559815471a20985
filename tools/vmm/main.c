// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvvmm: boot a Linux bzImage as a Hyper-V guest under KVM.
 *
 *   hvvmm --kernel bzImage [--initrd file] [--cmdline str] [--mem MiB]
 *         [--cpus N] [--nic mac=xx:xx:xx:xx:xx:xx[,mtu=N][,ifname=NAME]]...
 *         [--control FIFO] [--echo N] [--reboot restart|exit]
 *         [--max-reboots N] [--reboot-cmdline str] [--verbose]
 *
 * A guest reset (0xcf9, the 8042, a triple fault) restarts the guest in
 * this process (reset.c), at most --max-reboots times (default 8).
 *
 * Exit status: 0 guest powered off; 2 guest reset with --reboot=exit, or
 * one more than --max-reboots allows; 3 VMM/KVM error or SIGTERM/SIGINT;
 * 1 bad usage or setup failure.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vm.h"

static struct vm the_vm;

static void print_usage(void)
{
	fputs("usage: hvvmm --kernel bzImage [--initrd file] [--cmdline str]\n"
		"             [--mem MiB] [--cpus N]\n"
		"             [--nic mac=xx:xx:xx:xx:xx:xx[,mtu=N][,ifname=NAME]]...\n"
		"             [--control FIFO] [--echo N] [--reboot restart|exit]\n"
		"             [--max-reboots N] [--reboot-cmdline str] [--verbose]\n",
		stderr);
	exit(1);
}

static void parse_nic(struct vm_options *o, const char *arg)
{
	char err[160];

	if (nic_opt_add(o, arg, err, sizeof(err)))
		die("--nic %s: %s", arg, err);
}

static unsigned long parse_num(const char *s, unsigned long min,
			       unsigned long max, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		die("%s must be %lu..%lu", what, min, max);
	return v;
}

static void parse_args(struct vm_options *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'p' },
		{ "nic", required_argument, NULL, 'n' },
		{ "control", required_argument, NULL, 'C' },
		{ "echo", required_argument, NULL, 'e' },
		{ "reboot", required_argument, NULL, 'r' },
		{ "max-reboots", required_argument, NULL, 'R' },
		{ "reboot-cmdline", required_argument, NULL, 'B' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	char err[160];
	int c;

	o->cmdline = "console=ttyS0";
	o->cpus = 1;
	o->mem_mb = 512;
	o->reboot = REBOOT_RESTART;
	o->max_reboots = HVVMM_DEF_REBOOTS;
	while ((c = getopt_long(argc, argv, "k:i:c:m:p:n:C:e:r:R:B:v", opts,
				NULL)) != -1) {
		switch (c) {
		case 'k':
			o->kernel = optarg;
			break;
		case 'i':
			o->initrd = optarg;
			break;
		case 'c':
			o->cmdline = optarg;
			break;
		case 'm':
			o->mem_mb = parse_num(optarg, 64, HVVMM_MAX_MEM_MB, "--mem");
			break;
		case 'p':
			o->cpus = parse_num(optarg, 1, HVVMM_MAX_CPUS, "--cpus");
			break;
		case 'n':
			parse_nic(o, optarg);
			break;
		case 'C':
			o->control = optarg;
			break;
		case 'e':
			o->echo_devices = parse_num(optarg, 0, HVVMM_MAX_ECHO,
						    "--echo");
			break;
		case 'r':
			if (reboot_opt_parse(o, optarg, err, sizeof(err)))
				die("%s", err);
			break;
		case 'R':
			o->max_reboots = parse_num(optarg, 0, HVVMM_MAX_REBOOTS,
						   "--max-reboots");
			break;
		case 'B':
			o->reboot_cmdline = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		default:
			print_usage();
		}
	}
	if (!o->kernel || optind != argc)
		print_usage();
	if (o->reboot_cmdline && strlen(o->reboot_cmdline) >= CMDLINE_MAX)
		die("--reboot-cmdline longer than %d bytes", CMDLINE_MAX - 1);
}

static void on_sigusr1(int sig)
{
	(void)sig;	/* only interrupts KVM_RUN; immediate_exit is set */
}

static void on_term(int sig)
{
	(void)sig;
	atomic_store(&the_vm.terminate, 1);
	vm_stop(&the_vm, EXIT_ERROR);
}

/* Run every vCPU in its thread until the VM stops. */
static void run_vcpus(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->opt.cpus; i++)
		if (pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread,
				   &vm->vcpus[i]))
			die("pthread_create");
	for (i = 0; i < vm->opt.cpus; i++) {
		pthread_join(vm->vcpus[i].thread, NULL);
		vm->vcpus[i].thread = 0;	/* vm_stop() signals no more */
	}
}

/*
 * Arm the stop again for the next boot; false if a signal came during
 * the reboot.  immediate_exit is cleared before stop: a vm_stop() from
 * now on sets it again and is not lost.
 */
static bool restart(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->opt.cpus; i++)
		vm->vcpus[i].run->immediate_exit = 0;
	vm->reset_why = NULL;
	atomic_store(&vm->exit_code, EXIT_POWEROFF);
	atomic_store(&vm->stop, 0);
	if (atomic_load(&vm->terminate)) {
		vm_stop(vm, EXIT_ERROR);
		return false;
	}
	return true;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct vm *vm = &the_vm;
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	double t0 = now();
	unsigned int i;

	parse_args(&vm->opt, argc, argv);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	pthread_mutex_init(&vm->io_lock, NULL);
	stats_init(&vm->stats);
	nic_table_init(&vm->nics);
	vm->control_fd = -1;

	vm_create(vm);
	cpuid_build(vm);
	for (i = 0; i < vm->opt.cpus; i++)
		vcpu_create(vm, i);
	poweron_save(vm);
	boot_load(vm);
	boot_setup_bsp(vm, &vm->vcpus[0]);
	hvhost_open(vm);
	sint_setup(vm);
	if (vm->opt.nr_nics && vm->hvhost.fd < 0)
		die("--nic needs /dev/hvhost");
	nic_add_all(vm);
	control_start(vm);
	logmsg("booting %s: %u vCPU, %lu MiB", vm->opt.kernel, vm->opt.cpus,
	       vm->opt.mem_mb);

	for (;;) {
		run_vcpus(vm);
		if (reset_decide(vm) != RESET_RESTART)
			break;
		vm_reboot(vm);
		if (!restart(vm))
			break;
	}

	control_stop(vm);
	fflush(stdout);
	stats_print_final(vm);
	logmsg("hvhost relayed %lu messages, %lu signals",
	       atomic_load(&vm->hvhost.relayed_posts),
	       atomic_load(&vm->hvhost.relayed_signals));
	logmsg("exit %d after %.1f s", atomic_load(&vm->exit_code), now() - t0);
	return atomic_load(&vm->exit_code);
}

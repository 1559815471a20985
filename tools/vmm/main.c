// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvvmm: boot a Linux bzImage as a Hyper-V guest under KVM.
 *
 *   hvvmm --kernel bzImage [--initrd file] [--cmdline str] [--mem MiB]
 *         [--cpus N] [--nic mac=xx:xx:xx:xx:xx:xx[,mtu=N][,ifname=NAME]]...
 *         [--control FIFO] [--echo N] [--verbose]
 *
 * Exit status: 0 guest powered off, 2 guest reset or triple fault,
 * 3 VMM/KVM error, 1 bad usage or setup failure.
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
		"             [--control FIFO] [--echo N] [--verbose]\n", stderr);
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
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->cmdline = "console=ttyS0";
	o->cpus = 1;
	o->mem_mb = 512;
	while ((c = getopt_long(argc, argv, "k:i:c:m:p:n:C:e:v", opts, NULL)) != -1) {
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
		case 'v':
			o->verbose = true;
			break;
		default:
			print_usage();
		}
	}
	if (!o->kernel || optind != argc)
		print_usage();
}

static void on_sigusr1(int sig)
{
	(void)sig;	/* only interrupts KVM_RUN; immediate_exit is set */
}

static void on_term(int sig)
{
	(void)sig;
	vm_stop(&the_vm, 3);
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

	for (i = 0; i < vm->opt.cpus; i++)
		if (pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread,
				   &vm->vcpus[i]))
			die("pthread_create");
	for (i = 0; i < vm->opt.cpus; i++)
		pthread_join(vm->vcpus[i].thread, NULL);

	control_stop(vm);
	fflush(stdout);
	stats_print_final(vm);
	logmsg("hvhost relayed %lu messages, %lu signals",
	       atomic_load(&vm->hvhost.relayed_posts),
	       atomic_load(&vm->hvhost.relayed_signals));
	logmsg("exit %d after %.1f s", atomic_load(&vm->exit_code), now() - t0);
	return atomic_load(&vm->exit_code);
}

using System.Text.RegularExpressions;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Workers.Checks;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

/// <summary>
/// <c>conformance check-worker</c> for real: every worker the product ships passes every check, and a deliberately broken
/// one fails exactly the checks it breaks, each named with one line of why.
/// </summary>
public sealed class CheckWorkerCommandTests
{
    private static readonly string ExampleWorker = Path.Combine(ProductPaths.Root, "examples", "workers", "perl", "example_worker.pl");

    public static TheoryData<string> ShippedManifests => ["PythonTorch/pytorch-python.binding.json", "Tfjs/tfjs.binding.json"];

    [Theory]
    [MemberData(nameof(ShippedManifests))]
    public async Task Every_shipped_worker_passes_every_check(string manifest)
    {
        if (manifest.StartsWith("Tfjs/", StringComparison.Ordinal) && ShippedWorkers.WhyTfjsNotInstalled() is { } missing)
            Assert.Fail($"tfjs is part of every installation (bootstrap.sh): {missing}");

        var (exit, stdout, _) = await CheckWorker("--manifest", Path.Combine(AppContext.BaseDirectory, manifest));

        exit.Should().Be(0, stdout);
        WorkerChecks.Names.Should().OnlyContain(check => stdout.Contains($"\nPASS {check}: "), stdout);
        stdout.Should().EndWith($"{WorkerChecks.Names.Count} passed, 0 failed\n");
    }

    [Fact]
    public async Task The_example_worker_passes_every_check()
    {
        var (exit, stdout, _) = await CheckWorker("--", "perl", ExampleWorker);

        exit.Should().Be(0, stdout);
        stdout.Should().StartWith($"check-worker: /usr/bin/perl {ExampleWorker} (each request at most 60 s)\n")
            .And.Contain("PASS declaration: example-perl 1.0.0 (example, perl) on perl 5.")
            .And.EndWith($"{WorkerChecks.Names.Count} passed, 0 failed\n");
    }

    [Fact]
    public async Task A_broken_worker_fails_the_checks_it_breaks_naming_each_and_passes_the_others()
    {
        var broken = Path.Combine(AppContext.BaseDirectory, "Cli", "broken_worker.py");

        var (exit, stdout, _) = await CheckWorker("--timeout", "20", "--", "/usr/bin/python3", broken);

        exit.Should().Be(1, stdout);
        var lines = stdout.Split('\n');
        lines.Should().Contain(l => l.StartsWith("FAIL bad-json: the worker closed stdout while waiting for the answer to a header that is not JSON; it exited with code 1"));
        lines.Should().Contain(l => Regex.IsMatch(l,
            @"^FAIL timeout: echo with sleep_seconds 3 replied after \d\.\d\d s; a worker must honour sleep_seconds so that a host can test its time limits$"));
        lines.Where(l => l.StartsWith("FAIL ")).Should().HaveCount(2);
        WorkerChecks.Names.Except(["bad-json", "timeout"]).Should().OnlyContain(check => lines.Any(l => l.StartsWith($"PASS {check}: ")));
        stdout.Should().EndWith($"{WorkerChecks.Names.Count - 2} passed, 2 failed\n");
    }

    [Fact]
    public async Task A_request_over_the_timeout_fails_its_check_saying_so()
    {
        var hanging = Path.Combine(Path.GetTempPath(), $"hanging-worker-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(hanging, "import sys, time\nsys.stdin.buffer.read(4)\ntime.sleep(3600)\n");
        try
        {
            var (exit, stdout, _) = await CheckWorker("--timeout", "1", "--", "/usr/bin/python3", hanging);

            exit.Should().Be(1);
            stdout.Should().Contain("FAIL handshake: no reply within 1 s while waiting for the reply to 'hello' (the worker was killed)");
        }
        finally
        {
            File.Delete(hanging);
        }
    }

    [Theory]
    [InlineData(new string[0], "error: give the worker's command after '--' (check-worker -- node worker.mjs), or --manifest FILE, not both")]
    [InlineData(new[] { "--" }, "error: give the worker's command after '--' (check-worker -- node worker.mjs), or --manifest FILE, not both")]
    [InlineData(new[] { "--timeout", "0", "--", "perl" }, "error: --timeout must be a number of seconds above 0 and at most 3600 (got 0)")]
    [InlineData(new[] { "--", "no-such-worker-anywhere" }, "error: 'no-such-worker-anywhere' is not on PATH")]
    [InlineData(new[] { "--", "/nonexistent/worker" }, "error: no executable at /nonexistent/worker")]
    [InlineData(new[] { "--manifest", "/nonexistent/x.binding.json" }, "error: binding manifest /nonexistent/x.binding.json does not exist")]
    [InlineData(new[] { "perl" }, "error: unexpected argument 'perl'")]
    public async Task Bad_usage_exits_2_with_one_line(string[] args, string expected)
    {
        var (exit, stdout, stderr) = await CheckWorker(args);

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Be(expected + "\n");
    }

    [Fact]
    public async Task Help_lists_every_check_and_words_after_the_separator_are_the_workers_own()
    {
        var (helpExit, help, _) = await CheckWorker("--help");
        var (exit, stdout, _) = await CheckWorker("--timeout", "20", "--", "perl", ExampleWorker, "--help");

        helpExit.Should().Be(0);
        help.Should().StartWith("usage: conformance check-worker [--timeout SECONDS] -- COMMAND [ARGS...]");
        WorkerChecks.Names.Should().OnlyContain(check => help.Contains(check));
        exit.Should().Be(0, "--help after '--' is an argument of the worker, which ignores it: " + stdout);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> CheckWorker(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter { NewLine = "\n" }, new StringWriter { NewLine = "\n" });
        var exit = await CommandDispatcher.RunAsync([new CheckWorkerCommand()], ["check-worker", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}

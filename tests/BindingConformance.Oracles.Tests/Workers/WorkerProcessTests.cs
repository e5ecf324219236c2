using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>The host against a real worker process (scripted_worker.py) that behaves or misbehaves on purpose.</summary>
public sealed class WorkerProcessTests
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static WorkerProcess StartScripted(string mode) =>
        WorkerProcess.Start("scripted", Python, [Path.Combine(AppContext.BaseDirectory, "Workers", "scripted_worker.py"), mode]);

    [Fact]
    public async Task Round_trips_args_tensors_and_progress()
    {
        await using var worker = StartScripted("echo");
        var progress = new List<string>();
        worker.Progress += (_, message) => progress.Add(message);

        var reply = await worker.RequestAsync(
            "train", new JsonObject { ["seed"] = 7 }, [NamedTensor.FromFloats("x", [1.5f, -2f, 3f, 0f], 2, 2)], Timeout);

        reply.Result["op"]!.GetValue<string>().Should().Be("train");
        reply.Result["args"]!["seed"]!.GetValue<int>().Should().Be(7);
        reply.Tensor("x").Shape.Should().Equal(2, 2);
        reply.Tensor("x").ToFloats().Should().Equal(3f, -4f, 6f, 0f);
        progress.Should().Equal("train: halfway");
    }

    [Fact]
    public async Task A_failure_the_worker_reports_keeps_it_running()
    {
        await using var worker = StartScripted("echo");

        var fail = () => worker.RequestAsync("fail", null, [], Timeout);

        (await fail.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain("'fail'").And.Contain("ValueError: no such thing");
        worker.IsRunning.Should().BeTrue();
        (await worker.RequestAsync("hello", null, [], Timeout)).Result["op"]!.GetValue<string>().Should().Be("hello");
    }

    [Fact]
    public async Task A_worker_that_exits_fails_the_request_with_exit_code_and_stderr()
    {
        await using var worker = StartScripted("exit");

        var message = await FailureOf(worker.RequestAsync("train", null, [], Timeout));

        message.Should().Contain("'train'").And.Contain("exit code 3").And.Contain("fatal: simulated crash");
        worker.IsRunning.Should().BeFalse();
        (await FailureOf(worker.RequestAsync("hello", null, [], Timeout))).Should().Contain("cannot run 'hello'").And.Contain("exit code 3");
    }

    [Fact]
    public async Task A_worker_killed_by_a_signal_names_the_signal()
    {
        await using var worker = StartScripted("signal");

        var message = await FailureOf(worker.RequestAsync("evaluate", null, [], Timeout));

        message.Should().Contain("'evaluate'").And.Contain("SIGKILL").And.Contain("worker got evaluate in mode signal");
    }

    [Fact]
    public async Task A_hanging_worker_is_killed_at_the_time_limit()
    {
        await using var worker = StartScripted("hang");

        var message = await FailureOf(worker.RequestAsync("train", null, [], TimeSpan.FromSeconds(1)));

        message.Should().Contain("'train'").And.Contain("timed out after 1 s").And.Contain("worker got train in mode hang");
        worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task A_worker_that_announces_tensors_and_stalls_times_out_at_the_limit()
    {
        await using var worker = StartScripted("stall");
        var clock = Stopwatch.StartNew();

        var message = await FailureOf(worker.RequestAsync("evaluate", null, [], TimeSpan.FromSeconds(1)));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the limit is 1 s and killing takes moments");
        message.Should().Contain("'evaluate'").And.Contain("timed out after 1 s (set for this request)").And.Contain("worker got evaluate in mode stall");
        worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task A_worker_silent_for_its_stall_limit_is_killed_long_before_its_time_limit()
    {
        await using var worker = StartScripted("stall");
        var deadline = new RequestDeadline(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1), "a test's limits");
        var clock = Stopwatch.StartNew();

        var message = await FailureOf(worker.RequestAsync("train", null, [], deadline));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        message.Should().Contain("'train'").And.Contain("stalled, sending nothing for 1 s (a test's limits) and was killed");
        worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task Progress_frames_keep_a_slow_worker_alive_past_its_stall_limit()
    {
        await using var worker = StartScripted("slow");
        // Replies after 2.4 s of progress every 0.3 s: longer than the stall limit, never silent for that long.
        var deadline = new RequestDeadline(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1.5), "a test's limits");

        var reply = await worker.RequestAsync("train", null, [], deadline);

        reply.Result["op"]!.GetValue<string>().Should().Be("train");
    }

    [Fact]
    public async Task After_a_stall_the_client_serves_the_next_request_from_a_fresh_worker()
    {
        var modes = new Queue<string>(["stall", "echo"]);
        await using var client = new WorkerClient(() => StartScripted(modes.Dequeue()));

        var stalled = await FailureOf(client.RequestAsync("evaluate", null, [], RequestDeadline.Fixed(TimeSpan.FromSeconds(1)), CancellationToken.None));
        var reply = await client.RequestAsync("hello", null, [], RequestDeadline.Fixed(Timeout), CancellationToken.None);

        stalled.Should().Contain("'evaluate'").And.Contain("timed out");
        reply.Result["op"]!.GetValue<string>().Should().Be("hello");
        modes.Should().BeEmpty("a second worker was started");
    }

    [Fact]
    public async Task A_worker_writing_garbage_to_stdout_is_killed_as_malformed()
    {
        await using var worker = StartScripted("garbage");

        var message = await FailureOf(worker.RequestAsync("hello", null, [], Timeout));

        message.Should().Contain("'hello'").And.Contain("malformed frame").And.Contain("worker got hello in mode garbage");
        worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task A_worker_closing_stdout_is_killed()
    {
        await using var worker = StartScripted("close");

        var message = await FailureOf(worker.RequestAsync("hello", null, [], Timeout));

        message.Should().Contain("closed stdout").And.Contain("was killed");
        worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public async Task Cancelling_a_request_kills_the_worker()
    {
        await using var worker = StartScripted("hang");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var request = () => worker.RequestAsync("train", null, [], Timeout, cancel.Token);

        await request.Should().ThrowAsync<OperationCanceledException>();
        worker.IsRunning.Should().BeFalse();
    }

    [Fact]
    public void A_missing_executable_is_an_oracle_exception()
    {
        var start = () => WorkerProcess.Start("absent", "/nonexistent/python9", []);

        start.Should().Throw<OracleException>().Which.Message.Should().Contain("/nonexistent/python9");
    }

    [Fact]
    public async Task Dispose_shuts_the_worker_down()
    {
        var worker = StartScripted("echo");
        await worker.RequestAsync("hello", null, [], Timeout);

        await worker.DisposeAsync();

        worker.IsRunning.Should().BeFalse();
        worker.StderrTail.Should().Equal("worker got hello in mode echo", "worker got shutdown in mode echo");
    }

    private static async Task<string> FailureOf(Task task)
    {
        var exception = await Assert.ThrowsAsync<OracleException>(() => task);
        return exception.Message;
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers.Checks;

/// <summary>
/// The protocol conformance test for binding authors (<c>conformance check-worker</c>): each check sends what PROTOCOL.md
/// says a worker must handle and judges the reply. Checks share one worker, as a host does; a check that fails discards
/// it, so the next check starts a fresh one and every check is judged on its own.
/// </summary>
/// <param name="timeout">The longest any one request may take before its check fails with "no reply within".</param>
public sealed class WorkerChecks(WorkerCommand command, TimeSpan timeout) : IAsyncDisposable
{
    /// <summary>How long the <c>timeout</c> check holds its request, and the host's limit for it.</summary>
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(3), HostLimit = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private RawWorker? worker;
    private JsonObject? hello;

    /// <summary>Every check, in the order it runs.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "handshake", "protocol-version", "declaration", "request-ids", "echo", "progress", "error-keeps-alive", "unknown-op",
        "bad-json", "bad-tensor-sizes", "large-tensor", "timeout", "shutdown", "stdin-close",
    ];

    /// <summary>Runs every check in order, reporting each as it finishes.</summary>
    public async Task<IReadOnlyList<WorkerCheckResult>> RunAsync(Action<WorkerCheckResult> finished, CancellationToken cancellationToken)
    {
        var results = new List<WorkerCheckResult>();
        foreach (var name in Names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WorkerCheckResult result;
            try
            {
                result = new WorkerCheckResult(name, true, await RunAsync(name));
            }
            catch (WorkerCheckFailed e)
            {
                result = new WorkerCheckResult(name, false, e.Message);
                await DiscardAsync();
            }
            results.Add(result);
            finished(result);
        }
        return results;
    }

    public ValueTask DisposeAsync() => new(DiscardAsync());

    private Task<string> RunAsync(string name) => name switch
    {
        "handshake" => HandshakeAsync(),
        "protocol-version" => Task.FromResult(ProtocolVersionCheck()),
        "declaration" => Task.FromResult(DeclarationCheck()),
        "request-ids" => RequestIdsAsync(),
        "echo" => EchoAsync(),
        "progress" => ProgressAsync(),
        "error-keeps-alive" => ErrorKeepsAliveAsync(),
        "unknown-op" => UnknownOpAsync(),
        "bad-json" => BadJsonAsync(),
        "bad-tensor-sizes" => BadTensorSizesAsync(),
        "large-tensor" => LargeTensorAsync(),
        "timeout" => TimeoutAsync(),
        "shutdown" => ShutdownAsync(),
        "stdin-close" => StdinCloseAsync(),
        _ => throw new ArgumentException($"unknown check '{name}'"),
    };

    private async Task<string> HandshakeAsync()
    {
        var clock = Stopwatch.StartNew();
        var reply = await SucceedAsync("hello", 1, new JsonObject());
        hello = Result(reply, "hello");
        return $"hello answered in {clock.Elapsed.TotalSeconds:0.0} s";
    }

    private string ProtocolVersionCheck()
    {
        var reply = hello ?? throw new WorkerCheckFailed("no hello reply to read the protocol version from (see handshake)");
        if (reply["protocol"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            throw new WorkerCheckFailed($"hello reports no string 'protocol'; PROTOCOL.md asks for \"{ProtocolVersion.Current}\"");
        var protocol = value.GetValue<string>();
        return ProtocolVersion.WhyIncompatible(protocol) is { } why
            ? throw new WorkerCheckFailed(why)
            : $"protocol {protocol}; this product speaks {ProtocolVersion.Current}";
    }

    private string DeclarationCheck()
    {
        var reply = hello ?? throw new WorkerCheckFailed("no hello reply to read the declaration from (see handshake)");
        WorkerDeclaration declared;
        try
        {
            declared = WorkerDeclaration.Read(reply);
        }
        catch (OracleException e)
        {
            throw new WorkerCheckFailed(e.Message);
        }
        if (declared.Unknown.Count > 0)
            throw new WorkerCheckFailed($"hello declares what this product does not know, which a host leaves out: {string.Join(", ", declared.Unknown)}");
        var c = declared.Capabilities;
        static string List<T>(IEnumerable<T> items) => items.Any() ? string.Join(", ", items) : "none";
        return $"{declared.Binding} {declared.Version} ({declared.Framework}, {declared.Language}{(declared.IsDefault ? ", default" : "")})" +
               $"{(declared.Engine is null ? "" : $" on {declared.Engine}")}; devices {List(declared.Devices)}; " +
               $"{(c.CanTrain ? "trains" : "runs")} {List(c.Models)}; saves {List(c.SaveFormats.Select(f => f.WireName()))}; " +
               $"loads {List(c.LoadFormats.Select(f => f.WireName()))}; modes {List(c.ExecutionModes)}";
    }

    private async Task<string> RequestIdsAsync()
    {
        int[] ids = [7, 1000, 3];
        foreach (var id in ids) await SucceedAsync("echo", id, new JsonObject());
        return $"replies carried the request ids {string.Join(", ", ids)} (not a count of its own)";
    }

    private async Task<string> EchoAsync()
    {
        var args = new JsonObject { ["text"] = "ünïcode ✓", ["nested"] = new JsonObject { ["list"] = new JsonArray(1, 2.5, null, true) } };
        NamedTensor[] tensors =
        [
            NamedTensor.FromFloats("f32", [1.5f, -2f, float.Epsilon, 3e38f, 0f, -0f], 2, 3),
            NamedTensor.FromDoubles("f64", [Math.PI, -1e-300], 2),
            NamedTensor.FromInt64("i64", [long.MinValue, 0, long.MaxValue], 3),
            NamedTensor.FromInt32("i32", [-7], 1, 1),
            NamedTensor.FromBytes("u8", [0, 1, 128, 255], 4),
            new("empty", TensorDtype.F32, [0, 2], []),
        ];
        var reply = await SucceedAsync("echo", 21, args, tensors);
        if (!JsonNode.DeepEquals(Result(reply, "echo")["args"], args))
            throw new WorkerCheckFailed($"echo returned args {Result(reply, "echo")["args"]?.ToJsonString() ?? "null"}, not {args.ToJsonString()}");
        SameTensors(reply, tensors);
        return $"args and {tensors.Length} tensors (F32, F64, I64, I32, U8, an empty one) came back unchanged, in order";
    }

    private async Task<string> ProgressAsync()
    {
        const int count = 3;
        var (progress, reply) = await ExchangeAsync("echo", 31, new JsonObject { ["progress"] = count }, []);
        Succeeded(reply, "echo");
        if (progress.Count != count) throw new WorkerCheckFailed($"echo with progress {count} sent {progress.Count} progress frames");
        if (progress.FirstOrDefault(p => p.Header["message"] is not JsonValue m || m.GetValueKind() != JsonValueKind.String) is { } bad)
            throw new WorkerCheckFailed($"a progress frame has no string 'message': {bad.Header.ToJsonString()}");
        return $"{count} progress frames with the request's id, then the reply";
    }

    private async Task<string> ErrorKeepsAliveAsync()
    {
        var (_, reply) = await ExchangeAsync("echo", 41, new JsonObject { ["fail"] = "simulated failure" }, []);
        var error = Failed(reply, "echo with fail");
        if (!error.Contains("simulated failure", StringComparison.Ordinal))
            throw new WorkerCheckFailed($"the error reply does not carry the failure's message: \"{error}\"");
        await SucceedAsync("echo", 42, new JsonObject());
        return $"answered \"{error}\" and served the next request";
    }

    private async Task<string> UnknownOpAsync()
    {
        var (_, reply) = await ExchangeAsync("no-such-op", 51, new JsonObject(), []);
        var error = Failed(reply, "an unknown op");
        await SucceedAsync("echo", 52, new JsonObject());
        return $"answered \"{error}\" and served the next request";
    }

    private async Task<string> BadJsonAsync()
    {
        var current = Worker();
        await current.SendHeaderAsync(Encoding.UTF8.GetBytes("{\"id\": 61, \"op\": \"echo\", \"args\": {"), timeout);
        var reply = await current.ReadAsync("waiting for the answer to a header that is not JSON", timeout);
        if (reply.Header["id"] is { } id && id.GetValueKind() != JsonValueKind.Null)
            throw new WorkerCheckFailed($"the answer to a header that is not JSON has id {id.ToJsonString()}; it can only be null");
        var error = Failed(reply, "a header that is not JSON");
        await SucceedAsync("echo", 62, new JsonObject());
        return $"answered \"{error}\" (id null) and served the next request";
    }

    private async Task<string> BadTensorSizesAsync()
    {
        var errors = new List<string>();
        foreach (var (id, spec) in new[]
                 {
                     (71, new JsonObject { ["name"] = "x", ["dtype"] = "F32", ["shape"] = new JsonArray(2, -4) }),
                     (72, new JsonObject { ["name"] = "x", ["dtype"] = "F17", ["shape"] = new JsonArray(2) }),
                     (73, new JsonObject { ["name"] = "x", ["dtype"] = "F32", ["shape"] = new JsonArray(2.5) }),
                 })
        {
            var current = Worker();
            await current.SendHeaderAsync(new JsonObject { ["id"] = id, ["op"] = "echo", ["args"] = new JsonObject(), ["tensors"] = new JsonArray(spec) }, timeout);
            var reply = await current.ReadAsync($"waiting for the answer to tensor {spec.ToJsonString()}", timeout);
            CheckId(reply, id);
            errors.Add(Failed(reply, $"tensor {spec.ToJsonString()}"));
        }
        await SucceedAsync("echo", 74, new JsonObject());
        return $"a negative size, an unknown dtype and a fractional size were each answered with an error (\"{errors[0]}\") and the next request served";
    }

    private async Task<string> LargeTensorAsync()
    {
        const int count = 8 * 1024 * 1024;
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = i % 65_521 - 32_760.5f;
        NamedTensor[] tensors = [NamedTensor.FromFloats("large", values, 8, 1024, 1024), NamedTensor.FromInt64("after", [1, 2, 3], 3)];
        var clock = Stopwatch.StartNew();
        var reply = await SucceedAsync("echo", 81, new JsonObject(), tensors);
        SameTensors(reply, tensors);
        return $"a {count * 4 / (1024 * 1024)} MiB F32 tensor and the tensor after it came back unchanged in {clock.Elapsed.TotalSeconds:0.0} s";
    }

    /// <summary>The host's own time limit on a worker that honours <c>sleep_seconds</c>: reported, and the worker killed.</summary>
    private async Task<string> TimeoutAsync()
    {
        await DiscardAsync();
        await using var host = Start(command);
        try
        {
            await host.RequestAsync("hello", null, [], timeout);
            var clock = Stopwatch.StartNew();
            await host.RequestAsync("echo", new JsonObject { ["sleep_seconds"] = HeldFor.TotalSeconds }, [], HostLimit);
            throw new WorkerCheckFailed($"echo with sleep_seconds {HeldFor.TotalSeconds:0} replied after {clock.Elapsed.TotalSeconds:0.00} s; " +
                                        "a worker must honour sleep_seconds so that a host can test its time limits");
        }
        catch (OracleException e) when (e.Message.Contains($"timed out after {HostLimit.TotalSeconds:0} s", StringComparison.Ordinal))
        {
            if (host.IsRunning) throw new WorkerCheckFailed("the host reported the time-out but the worker is still running");
            return $"a request held {HeldFor.TotalSeconds:0} s was reported as timed out after {HostLimit.TotalSeconds:0} s and its worker killed";
        }
        catch (OracleException e)
        {
            throw new WorkerCheckFailed(e.Message.Split('\n')[0]);
        }
    }

    private async Task<string> ShutdownAsync()
    {
        await DiscardAsync();
        // Held here: once it has exited, Worker() would start a fresh one.
        var current = Worker();
        var (_, reply) = await ExchangeAsync("shutdown", 91, new JsonObject(), []);
        Succeeded(reply, "shutdown");
        var code = await current.WaitForExitAsync(ExitGrace);
        return code switch
        {
            0 => "replied, then exited with code 0",
            null => throw new WorkerCheckFailed($"replied to shutdown but was still running {ExitGrace.TotalSeconds:0} s later"),
            _ => throw new WorkerCheckFailed($"replied to shutdown, then exited with code {code}{current.StderrEnd()}"),
        };
    }

    private async Task<string> StdinCloseAsync()
    {
        await DiscardAsync();
        await SucceedAsync("hello", 1, new JsonObject());
        var current = Worker();
        current.CloseStdin();
        var code = await current.WaitForExitAsync(ExitGrace);
        return code switch
        {
            0 => "exited with code 0 when its stdin closed",
            null => throw new WorkerCheckFailed($"still running {ExitGrace.TotalSeconds:0} s after its stdin closed"),
            _ => throw new WorkerCheckFailed($"exited with code {code} when its stdin closed{current.StderrEnd()}"),
        };
    }

    private static WorkerProcess Start(WorkerCommand command)
    {
        try
        {
            return command.Start("worker");
        }
        catch (OracleException e)
        {
            throw new WorkerCheckFailed(e.Message);
        }
    }

    private RawWorker Worker() => worker is { HasExited: false } ? worker : worker = RawWorker.Start(command);

    private async Task DiscardAsync()
    {
        if (worker is not null) await worker.DisposeAsync();
        worker = null;
    }

    private async Task<Frame> SucceedAsync(string op, int id, JsonObject args, IReadOnlyList<NamedTensor>? tensors = null)
    {
        var (_, reply) = await ExchangeAsync(op, id, args, tensors ?? []);
        Succeeded(reply, op);
        return reply;
    }

    /// <summary>Sends one request and reads frames until its final one; every frame must carry the request's id.</summary>
    private async Task<(IReadOnlyList<Frame> Progress, Frame Reply)> ExchangeAsync(string op, int id, JsonObject args, IReadOnlyList<NamedTensor> tensors)
    {
        var current = Worker();
        await current.SendAsync(new JsonObject { ["id"] = id, ["op"] = op, ["args"] = args }, tensors, timeout);
        var progress = new List<Frame>();
        while (true)
        {
            var frame = await current.ReadAsync($"waiting for the reply to '{op}'", timeout);
            CheckId(frame, id);
            if (frame.Header["event"] is JsonValue kind && kind.GetValueKind() == JsonValueKind.String && kind.GetValue<string>() == "progress")
            {
                progress.Add(frame);
                continue;
            }
            return (progress, frame);
        }
    }

    private static void CheckId(Frame frame, int id)
    {
        if (!(frame.Header["id"] is JsonValue value && value.TryGetValue<int>(out var got) && got == id))
            throw new WorkerCheckFailed($"a reply carries id {frame.Header["id"]?.ToJsonString() ?? "(none)"}, not the request's id {id}");
    }

    private void Succeeded(Frame reply, string what)
    {
        switch (reply.Header["ok"]?.GetValueKind())
        {
            case JsonValueKind.True:
                return;
            case JsonValueKind.False:
                throw new WorkerCheckFailed($"'{what}' failed: {reply.Header["error"]?.ToString() ?? "(no error message)"}{worker?.StderrEnd()}");
            default:
                throw new WorkerCheckFailed($"the reply to '{what}' has neither a boolean 'ok' nor a progress event: {Shorten(reply.Header.ToJsonString())}");
        }
    }

    /// <summary>The error of a reply that must be a failure: <c>ok</c> false with one line in <c>error</c>.</summary>
    private static string Failed(Frame reply, string what)
    {
        if (reply.Header["ok"]?.GetValueKind() != JsonValueKind.False)
            throw new WorkerCheckFailed($"{what} was answered without \"ok\": false: {Shorten(reply.Header.ToJsonString())}");
        if (reply.Header["error"] is not JsonValue error || error.GetValueKind() != JsonValueKind.String || error.GetValue<string>().Length == 0)
            throw new WorkerCheckFailed($"the failure reply to {what} has no 'error' message");
        var message = error.GetValue<string>();
        return message.Contains('\n') ? throw new WorkerCheckFailed($"the error of {what} spans several lines; PROTOCOL.md asks for one") : Shorten(message);
    }

    private static JsonObject Result(Frame reply, string op) =>
        reply.Header["result"] as JsonObject ?? throw new WorkerCheckFailed($"the reply to '{op}' has no 'result' object");

    private static void SameTensors(Frame reply, IReadOnlyList<NamedTensor> sent)
    {
        var got = reply.Tensors;
        if (got.Count != sent.Count || got.Zip(sent).Any(p => p.First.Name != p.Second.Name))
            throw new WorkerCheckFailed($"echo returned tensors [{string.Join(", ", got.Select(t => t.Name))}], not [{string.Join(", ", sent.Select(t => t.Name))}]");
        foreach (var (back, original) in got.Zip(sent))
        {
            if (back.Dtype != original.Dtype || !back.Shape.SequenceEqual(original.Shape))
                throw new WorkerCheckFailed($"echo returned '{back.Name}' as {back.Dtype} [{string.Join(", ", back.Shape)}], not {original.Dtype} [{string.Join(", ", original.Shape)}]");
            if (!back.Data.AsSpan().SequenceEqual(original.Data))
            {
                var at = back.Data.AsSpan().CommonPrefixLength(original.Data);
                throw new WorkerCheckFailed($"echo returned '{back.Name}' with other bytes (first difference at byte {at})");
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

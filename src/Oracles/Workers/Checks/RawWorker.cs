using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers.Checks;

/// <summary>
/// A worker driven byte by byte, for the protocol checks: unlike <see cref="WorkerProcess"/> it sends any bytes and ids,
/// and reads whatever frame comes back under a time limit, so that what a worker does with a bad request can be seen.
/// </summary>
public sealed class RawWorker : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream stdin;
    private readonly FrameReader reader;
    private readonly StderrTail stderr = new(WorkerProcess.StderrLines);

    private RawWorker(Process process)
    {
        this.process = process;
        stdin = process.StandardInput.BaseStream;
        reader = new FrameReader(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Add(e.Data); };
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <exception cref="WorkerCheckFailed">The command cannot be started.</exception>
    public static RawWorker Start(WorkerCommand command)
    {
        var info = new ProcessStartInfo(command.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = command.WorkingDirectory ?? "",
        };
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in command.Environment)
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        try
        {
            return new RawWorker(Process.Start(info)!);
        }
        catch (Win32Exception e)
        {
            throw new WorkerCheckFailed($"cannot start '{command.Executable}': {e.Message}");
        }
    }

    /// <summary>Sends one well-formed frame (<see cref="FrameWriter"/> lists <paramref name="tensors"/> in the header).</summary>
    public Task SendAsync(JsonObject header, IReadOnlyList<NamedTensor> tensors, TimeSpan limit) =>
        Guard("sending a request", limit, token => new FrameWriter(stdin).WriteAsync(new Frame(header, tensors), token));

    /// <summary>Sends a frame whose header is <paramref name="headerBytes"/> exactly, with no payload.</summary>
    public Task SendHeaderAsync(byte[] headerBytes, TimeSpan limit) =>
        Guard("sending a request", limit, async token =>
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
            await stdin.WriteAsync(length, token);
            await stdin.WriteAsync(headerBytes, token);
            await stdin.FlushAsync(token);
        });

    /// <summary>Sends a frame whose header is <paramref name="header"/> as written, with no payload (its tensor list is not checked).</summary>
    public Task SendHeaderAsync(JsonObject header, TimeSpan limit) => SendHeaderAsync(Encoding.UTF8.GetBytes(header.ToJsonString()), limit);

    /// <summary>The next frame.</summary>
    /// <exception cref="WorkerCheckFailed">Nothing came within <paramref name="limit"/> (the worker is killed), the worker
    /// closed stdout or exited, or it wrote something that is not a frame.</exception>
    public async Task<Frame> ReadAsync(string waitingFor, TimeSpan limit)
    {
        Frame? frame = null;
        await Guard(waitingFor, limit, async token => frame = await reader.ReadAsync(null, token));
        return frame ?? throw new WorkerCheckFailed($"the worker closed stdout while {waitingFor}{Exited()}{StderrEnd()}");
    }

    /// <summary>Closes the worker's stdin: the end of its requests.</summary>
    public void CloseStdin() => stdin.Close();

    /// <summary>The exit code once the worker exits within <paramref name="limit"/>, else null.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan limit)
    {
        using var timer = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timer.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The last stderr line, quoted, for a failure's one line; empty when the worker wrote none.</summary>
    public string StderrEnd() => stderr.Lines() is { Count: > 0 } lines ? $"; its stderr ends: \"{lines[^1]}\"" : "";

    public async ValueTask DisposeAsync()
    {
        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(5));
        process.Dispose();
    }

    private async Task Guard(string doing, TimeSpan limit, Func<CancellationToken, Task> exchange)
    {
        using var timer = new CancellationTokenSource(limit);
        // Pipe reads and writes do not reliably observe cancellation; killing the worker ends them.
        await using var kill = timer.Token.Register(Kill);
        try
        {
            await exchange(timer.Token);
        }
        catch (Exception e) when (timer.IsCancellationRequested && e is OperationCanceledException or IOException or EndOfStreamException)
        {
            throw new WorkerCheckFailed($"no reply within {limit.TotalSeconds:0.#} s while {doing} (the worker was killed){StderrEnd()}");
        }
        catch (InvalidDataException e)
        {
            throw new WorkerCheckFailed($"the worker wrote something that is not a frame while {doing}: {e.Message}{StderrEnd()}");
        }
        catch (Exception e) when (e is IOException or EndOfStreamException)
        {
            throw new WorkerCheckFailed($"the pipe broke while {doing} ({e.Message}){Exited()}{StderrEnd()}");
        }
    }

    private string Exited()
    {
        process.WaitForExit(TimeSpan.FromMilliseconds(300));
        return process.HasExited ? $"; it exited with code {process.ExitCode}" : "";
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}

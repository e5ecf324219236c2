namespace BindingConformance.Cli;

/// <summary>Progress lines on stderr, stamped with the elapsed time, so stdout stays the result.</summary>
public sealed class ConsoleProgress(TextWriter writer) : IProgress<string>
{
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock gate = new();

    public void Report(string value)
    {
        lock (gate) writer.WriteLine($"[{clock.Elapsed:mm\\:ss}] {value}");
    }
}

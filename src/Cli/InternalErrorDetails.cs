namespace BindingConformance.Cli;

/// <summary>
/// The full exception behind an internal error, in a new file of the temporary folder, so that the console gets one line
/// and a bug report still gets the stack trace.
/// </summary>
internal static class InternalErrorDetails
{
    /// <summary>Writes <paramref name="error"/> to a file no one else created (never an existing path) and returns its path, or why not.</summary>
    public static string Write(Exception error)
    {
        var path = Path.Combine(Path.GetTempPath(), $"conformance-error-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(file);
            writer.Write(error.ToString());
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(not written: {e.Message})";
        }
    }
}

namespace BindingConformance.Oracles;

/// <summary>
/// A multi-line message (a snapshot diff, a native error with its traceback) as the one line a cell's reason or a
/// diagnostic holds.
/// </summary>
public static class OneLine
{
    /// <summary>
    /// <paramref name="message"/> with its whitespace collapsed to single spaces, cut before libtorch's C++ frames
    /// (<c>Exception raised from …</c>), which carry no meaning for a binding owner reading a report.
    /// </summary>
    public static string Of(string message)
    {
        var cut = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        return string.Join(' ', (cut < 0 ? message : message[..cut]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}

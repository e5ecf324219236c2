namespace BindingConformance.IO;

/// <summary>
/// An output that must not or could not be written: its target is not a regular file (a device, a FIFO, a folder, a
/// dangling link), or the file system refused (read-only, full, no permission). The message is one line naming the path.
/// </summary>
public sealed class OutputException(string message, Exception? inner = null) : IOException(message, inner);

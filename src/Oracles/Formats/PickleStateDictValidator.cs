using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BindingConformance.Oracles.Formats;

/// <summary>
/// Checks a PyTorch state-dict file (<c>torch.save(model.state_dict())</c>: a zip holding <c>data.pkl</c> and one entry per
/// tensor storage) before an unpickler sees it, by the rule of torch's weights-only unpickler
/// (<c>torch/_weights_only_unpickler.py</c>, which the Python binding loads with): only the pickle opcodes that build tuples,
/// dicts and tensors, and only the globals a state dict needs (<c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
/// the CPU storages). A pickle can carry code (a <c>__reduce__</c> that names <c>os.system</c>); such a file is refused in one line
/// naming what it imports, as is a file that is not such a zip or whose pickle breaks off. The opcodes are scanned, not run.
/// </summary>
public static class PickleStateDictValidator
{
    /// <summary>Largest <c>data.pkl</c> read: a state dict's pickle is a few bytes per tensor.</summary>
    public const int MaxPickleBytes = 64 * 1024 * 1024;

    private static readonly HashSet<string> AllowedGlobals =
    [
        "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
        .. new[] { "Float", "Double", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte", "Bool" }.Select(t => $"torch.{t}Storage"),
    ];

    /// <summary>Throws <see cref="WeightFileFormatException"/> naming the first broken rule.</summary>
    public static void Validate(string path)
    {
        if (!File.Exists(path)) throw Fail(path, FormatViolation.Missing, "file not found");
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw Fail(path, FormatViolation.Malformed, $"not a zip archive as torch.save writes ({OneLine.Of(e.Message)}); the legacy (pre-1.6) format is not read");
        }
        using (archive)
        {
            if (archive.Entries.Count > WeightFileBounds.MaxTensors + 8)
                throw Fail(path, FormatViolation.TooManyTensors, $"{archive.Entries.Count} entries, more than {WeightFileBounds.MaxTensors} tensors need");
            var pickles = archive.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).ToArray();
            if (pickles.Length != 1) throw Fail(path, FormatViolation.Malformed, $"{pickles.Length} data.pkl entries; torch.save writes one");
            if (pickles[0].Length > MaxPickleBytes) throw Fail(path, FormatViolation.HeaderTooLarge, $"data.pkl is {pickles[0].Length} bytes, more than {MaxPickleBytes}");
            byte[] pickle;
            using (var stream = pickles[0].Open())
            using (var buffer = new MemoryStream())
            {
                try
                {
                    // Read at most one byte past the cap, so a lying size field cannot make this read grow without end.
                    CopyAtMost(stream, buffer, MaxPickleBytes + 1);
                }
                catch (InvalidDataException e)
                {
                    throw Fail(path, FormatViolation.Malformed, $"data.pkl cannot be decompressed ({OneLine.Of(e.Message)})");
                }
                if (buffer.Length > MaxPickleBytes) throw Fail(path, FormatViolation.HeaderTooLarge, $"data.pkl is more than {MaxPickleBytes} bytes");
                pickle = buffer.ToArray();
            }
            Scan(path, pickle);
        }
    }

    /// <summary>Walks every opcode of <paramref name="pickle"/> to its STOP, refusing what the weights-only unpickler refuses.</summary>
    private static void Scan(string path, byte[] pickle)
    {
        var at = 0;
        while (true)
        {
            if (at >= pickle.Length) throw Fail(path, FormatViolation.Truncated, "data.pkl ends before its STOP opcode");
            var opcode = pickle[at++];
            switch ((char)opcode)
            {
                case '.': // STOP
                    if (at != pickle.Length) throw Fail(path, FormatViolation.TrailingBytes, $"{pickle.Length - at} bytes after data.pkl's STOP opcode");
                    return;
                case 'c': // GLOBAL module\nname\n
                    var module = Line(path, pickle, ref at);
                    var name = Line(path, pickle, ref at);
                    var global = $"{module}.{name}";
                    if (!AllowedGlobals.Contains(global))
                        throw Fail(path, FormatViolation.Code, global is "torch._utils._rebuild_parameter" or "torch.nn.parameter.Parameter"
                            ? $"it pickles Parameters ({global}): a whole model, not a state dict; save model.state_dict()"
                            : $"its pickle imports {global}, which no state dict needs (a pickle that names code runs it when loaded); " +
                              "a state dict imports collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storages only");
                    break;
                case (char)0x80: // PROTO n
                    Skip(path, pickle, ref at, 1);
                    if (pickle[at - 1] > 5) throw Fail(path, FormatViolation.Malformed, $"pickle protocol {pickle[at - 1]} is not one Python writes");
                    break;
                case 'q' or 'h' or 'K': // BINPUT, BINGET, BININT1
                    Skip(path, pickle, ref at, 1);
                    break;
                case 'M': // BININT2
                    Skip(path, pickle, ref at, 2);
                    break;
                case 'r' or 'j' or 'J': // LONG_BINPUT, LONG_BINGET, BININT
                    Skip(path, pickle, ref at, 4);
                    break;
                case (char)0x8a or 'U': // LONG1, SHORT_BINSTRING: one length byte, then the bytes
                    Skip(path, pickle, ref at, 1);
                    Skip(path, pickle, ref at, pickle[at - 1]);
                    break;
                case 'X': // BINUNICODE: a 4-byte length, then UTF-8
                    Skip(path, pickle, ref at, 4);
                    var length = BinaryPrimitives.ReadUInt32LittleEndian(pickle.AsSpan(at - 4));
                    if (length > pickle.Length - at) throw Fail(path, FormatViolation.Truncated, $"a {length}-byte string runs past the end of data.pkl");
                    Skip(path, pickle, ref at, (int)length);
                    break;
                // No argument: BINPERSID, REDUCE, BUILD, NEWOBJ, the empty containers, MARK, the tuples, the appends and
                // setitems, NONE and the booleans (the rest of the weights-only unpickler's opcodes).
                case 'Q' or 'R' or 'b' or (char)0x81 or '}' or ']' or ')' or (char)0x8f or '(' or 't' or (char)0x85 or (char)0x86 or (char)0x87
                    or 'a' or 'e' or 's' or 'u' or 'N' or (char)0x88 or (char)0x89:
                    break;
                default:
                    throw Fail(path, FormatViolation.Code,
                        $"data.pkl uses pickle opcode 0x{opcode:x2} at byte {at - 1}, which the weights-only unpickler refuses (no state dict needs it)");
            }
        }
    }

    private static string Line(string path, byte[] pickle, ref int at)
    {
        var end = Array.IndexOf(pickle, (byte)'\n', at);
        if (end < 0 || end - at > 256) throw Fail(path, FormatViolation.Malformed, "a GLOBAL opcode without a short newline-terminated name");
        var text = Encoding.ASCII.GetString(pickle, at, end - at);
        at = end + 1;
        return text;
    }

    private static void Skip(string path, byte[] pickle, ref int at, int count)
    {
        if (count > pickle.Length - at) throw Fail(path, FormatViolation.Truncated, "data.pkl ends inside an opcode's argument");
        at += count;
    }

    private static void CopyAtMost(Stream from, Stream to, int limit)
    {
        var buffer = new byte[81920];
        int read;
        while (to.Length < limit && (read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - to.Length))) > 0) to.Write(buffer, 0, read);
    }

    private static WeightFileFormatException Fail(string path, FormatViolation violation, string cause) =>
        new(path, ModelFormat.PytorchStateDict, violation, cause);
}

using System.IO.Compression;
using System.Text;
using BindingConformance.Oracles.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.StateDicts;

/// <summary>
/// The weights-only rule on handmade pickles (opcodes as pickletools names them; protocol 2, as torch.save writes): what a state
/// dict needs passes, anything that imports or runs more is refused naming it, and a broken file names where it breaks.
/// </summary>
public sealed class PickleStateDictValidatorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("pickle-rule-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void An_empty_ordered_dict_passes()
    {
        var validate = () => PickleStateDictValidator.Validate(Zip(Pickle(Global("collections", "OrderedDict"), ")", "R", ".")));

        validate.Should().NotThrow();
    }

    [Fact]
    public void A_global_outside_a_state_dicts_needs_is_refused_naming_it()
    {
        var path = Zip(Pickle(Global("builtins", "eval"), "X\u0004\0\0\01+1;", "\u0085", "R", "."));

        var validate = () => PickleStateDictValidator.Validate(path);

        validate.Should().Throw<WeightFileFormatException>().Which.Should().Match<WeightFileFormatException>(e =>
            e.Violation == FormatViolation.Code && e.Cause.StartsWith("its pickle imports builtins.eval, which no state dict needs"));
    }

    [Fact]
    public void A_pickled_whole_model_is_refused_saying_to_save_its_state_dict()
    {
        var validate = () => PickleStateDictValidator.Validate(Zip(Pickle(Global("torch._utils", "_rebuild_parameter"), ")", "R", ".")));

        validate.Should().Throw<WeightFileFormatException>().WithMessage("*a whole model, not a state dict; save model.state_dict()");
    }

    [Fact]
    public void An_opcode_the_weights_only_unpickler_refuses_is_refused_naming_it()
    {
        // STACK_GLOBAL (0x93) takes its module and name from the stack, where no allow-list can read them.
        var validate = () => PickleStateDictValidator.Validate(Zip(Pickle("\u0093", ".")));

        validate.Should().Throw<WeightFileFormatException>().Which.Cause.Should().StartWith("data.pkl uses pickle opcode 0x93 at byte 2");
    }

    [Theory]
    [InlineData(FormatViolation.Truncated, "data.pkl ends before its STOP opcode", "}")]
    [InlineData(FormatViolation.Truncated, "data.pkl ends inside an opcode's argument", "J\u0001")]
    [InlineData(FormatViolation.Truncated, "a 1000-byte string runs past the end of data.pkl", "X\u00e8\u0003\0\0", "abc", ".")]
    [InlineData(FormatViolation.TrailingBytes, "3 bytes after data.pkl's STOP opcode", "}", ".", "abc")]
    public void A_broken_pickle_is_refused_naming_where_it_breaks(FormatViolation violation, string cause, params string[] ops)
    {
        var validate = () => PickleStateDictValidator.Validate(Zip(Pickle(ops)));

        validate.Should().Throw<WeightFileFormatException>().Which.Should().Match<WeightFileFormatException>(e => e.Violation == violation && e.Cause == cause);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused_in_one_line()
    {
        var path = Path.Combine(folder, "legacy.pt");
        File.WriteAllBytes(path, Pickle("}", "."));

        var validate = () => PickleStateDictValidator.Validate(path);

        validate.Should().Throw<WeightFileFormatException>().Which.Message.Should()
            .StartWith($"{path}: not a valid pytorch_state_dict file: not a zip archive as torch.save writes").And.NotContain("\n");
    }

    private static string Global(string module, string name) => $"c{module}\n{name}\n";

    /// <summary>Protocol 2, then the opcodes (Latin-1, so each char is one byte).</summary>
    private static byte[] Pickle(params string[] ops) => [0x80, 0x02, .. Encoding.Latin1.GetBytes(string.Concat(ops))];

    private string Zip(byte[] pickle)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.pt");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var entry = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open()) entry.Write(pickle);
        using (var version = zip.CreateEntry("archive/version").Open()) version.Write("3\n"u8);
        return path;
    }
}

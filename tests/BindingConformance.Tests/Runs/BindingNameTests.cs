using BindingConformance.Oracles;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>Binding ids and model names become file names (snapshots, saved models): path characters are refused where they enter.</summary>
public sealed class BindingNameTests
{
    [Theory]
    [InlineData("x/../../..")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("tfjs@")]
    [InlineData("tfjs@4.10@1")]
    [InlineData("@4.10.0")]
    [InlineData("tfjs@../4.10.0")]
    public void A_binding_id_with_path_characters_is_refused(string id)
    {
        var create = () => new BindingDescriptor(id, "pytorch", "python", IsDefault: false);

        create.Should().Throw<ArgumentException>().WithMessage(
            $"binding id '{id}' is not allowed: it becomes a file name, so use only letters, digits, '.', '_' and '-', starting with a letter or digit, " +
            "and at most one '@' before a release version (mybinding@2.1.0)");
    }

    [Theory]
    [InlineData("tfjs@4.10.0")]
    [InlineData("onnxruntime-node@1.30.0-rc.1")]
    public void A_release_of_a_binding_is_one_id_with_one_at_sign(string id)
    {
        new BindingDescriptor(id, "tensorflow", "javascript", IsDefault: false).Id.Should().Be(id);
    }

    [Fact]
    public void A_traversing_id_cannot_be_slipped_in_by_copying_a_valid_descriptor()
    {
        var valid = new BindingDescriptor("torchsharp-0.107", "pytorch", "csharp", IsDefault: false);

        var copy = () => valid with { Id = "../../../etc" };

        valid.Id.Should().Be("torchsharp-0.107");
        copy.Should().Throw<ArgumentException>().WithMessage("binding id '../../../etc' is not allowed*");
    }

    [Fact]
    public void Capabilities_refuse_a_model_name_with_path_characters_wherever_they_come_from()
    {
        // Checked where capabilities are built, so no oracle can slip one in (a worker's hello keeps only the zoo's names).
        var declare = () => new OracleCapabilities(true, ["LeNet1", "../../escape"], [], []);
        var copy = () => new OracleCapabilities(true, ["LeNet1"], [], []) with { Models = ["../../escape"] };

        declare.Should().Throw<ArgumentException>().WithMessage("model name '../../escape' is not allowed*");
        copy.Should().Throw<ArgumentException>().WithMessage("model name '../../escape' is not allowed*");
    }
}

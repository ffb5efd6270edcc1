using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Json;

namespace CustomerRetention.Application.Tests.BuildingBlocks;

/// <summary>RFC 7396 (JSON Merge Patch), Appendix A: every example, transcribed from the RFC.</summary>
public sealed class JsonMergePatchTests
{
    public static TheoryData<string, string, string> Rfc7396AppendixA => new()
    {
        { """{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""" },
        { """{"a":"b"}""", """{"a":null}""", """{}""" },
        { """{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""" },
        { """{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""" },
        { """{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""" },
        { """{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""" },
        { """{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""" },
        { """["a","b"]""", """["c","d"]""", """["c","d"]""" },
        { """{"a":"b"}""", """["c"]""", """["c"]""" },
        { """{"a":"foo"}""", """null""", """null""" },
        { """{"a":"foo"}""", "\"bar\"", "\"bar\"" },
        { """{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""" },
        { """[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""" },
        { """{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""" },
    };

    [Theory]
    [MemberData(nameof(Rfc7396AppendixA))]
    public void Applying_the_patch_gives_the_result_of_RFC_7396_appendix_A(string original, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch));

        var expectedNode = JsonNode.Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, result),
            $"expected {expectedNode?.ToJsonString() ?? "null"} but got {result?.ToJsonString() ?? "null"}");
    }

    [Fact]
    public void The_RFC_7396_section_3_example_is_reproduced()
    {
        var target = JsonNode.Parse("""
            {
              "title": "Goodbye!",
              "author": { "givenName": "John", "familyName": "Doe" },
              "tags": ["example", "sample"],
              "content": "This will be unchanged"
            }
            """);
        var patch = JsonNode.Parse("""
            {
              "title": "Hello!",
              "phoneNumber": "+01-123-456-7890",
              "author": { "familyName": null },
              "tags": ["example"]
            }
            """);
        var expected = JsonNode.Parse("""
            {
              "title": "Hello!",
              "author": { "givenName": "John" },
              "tags": ["example"],
              "content": "This will be unchanged",
              "phoneNumber": "+01-123-456-7890"
            }
            """);

        var result = JsonMergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(expected, result), result?.ToJsonString());
    }

    [Fact]
    public void Apply_leaves_the_target_and_the_patch_unchanged()
    {
        const string Original = """{"a":{"b":"c","d":[1,2]},"e":"f"}""";
        const string Patch = """{"a":{"b":null,"d":[3]},"g":{"h":null}}""";
        var target = JsonNode.Parse(Original);
        var patch = JsonNode.Parse(Patch);

        var result = JsonMergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Original), target), target!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Patch), patch), patch!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"d":[3]},"e":"f","g":{}}"""), result), result!.ToJsonString());
    }
}

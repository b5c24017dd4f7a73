// Tests for HTTP land here.
import Testing

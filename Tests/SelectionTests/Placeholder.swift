// Tests for Selection land here.
import Testing

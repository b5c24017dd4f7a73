// Tests for Service land here.
import Testing

# The restful-authentication plugin's own password_digest (lib/authentication.rb and
# lib/authentication/by_password.rb of a checkout named by RESTFUL_AUTH), for gen.py.
# usage: ruby rails_digest.rb SITE_KEY|- STRETCHES < [[password, salt], ...] (JSON)
# prints a JSON list of crypted_password values; "-" stands for a nil site key (--old-passwords).
require 'digest/sha1'
require 'json'

# The one piece of ActiveSupport the plugin's module body calls.
class Module
  def mattr_accessor(*names)
    names.each do |n|
      define_singleton_method(n) { instance_variable_get("@#{n}") }
      define_singleton_method("#{n}=") { |v| instance_variable_set("@#{n}", v) }
    end
  end
end

dir = ENV.fetch('RESTFUL_AUTH')
load File.join(dir, 'lib', 'authentication.rb')
load File.join(dir, 'lib', 'authentication', 'by_password.rb')

REST_AUTH_SITE_KEY = ARGV[0] == '-' ? nil : ARGV[0]
REST_AUTH_DIGEST_STRETCHES = Integer(ARGV[1])

class User
  extend Authentication::ModelClassMethods
  extend Authentication::ByPassword::ModelClassMethods
end

puts JSON.generate(JSON.parse($stdin.read).map { |pw, salt| User.password_digest(pw, salt) })
